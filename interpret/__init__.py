"""Interpretation: recognised tables and blocks -> plan records, by headers and content only."""

from __future__ import annotations

from interpret.base import Interpreter
from plans.model import ExtractedDocument

# Below this score no interpreter claims the document and it is quarantined as unrecognised.
MIN_SCORE = 0.5


def interpreters() -> tuple[Interpreter, ...]:
    from interpret import cocreation_proposals, commitments_table
    from interpret.open_plan.matrices import interpreter as open_plan_matrices
    from interpret.open_plan.slides import interpreter as open_plan_slides
    from interpret.pac import tables as pac_tables

    return (
        open_plan_matrices.INTERPRETER,
        open_plan_slides.INTERPRETER,
        cocreation_proposals.INTERPRETER,
        commitments_table.INTERPRETER,
        pac_tables.INTERPRETER,
    )


def choose_interpreter(doc: ExtractedDocument) -> Interpreter | None:
    """The interpreter that scores the document highest, if any scores at least MIN_SCORE."""
    scored = sorted(((i.score(doc), n, i) for n, i in enumerate(interpreters())), reverse=True)
    if not scored or scored[0][0] < MIN_SCORE:
        return None
    return scored[0][2]
