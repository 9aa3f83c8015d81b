"""Kinds we recognise by their tables but do not read yet (their facts come in a later release).

Recognising them still matters: the document is registered under its plan, and the refresh summary
says what was not interpreted instead of quarantining a valid document.
"""

from __future__ import annotations

from interpret.base import Interpreter
from normalizers.headers import header_fields
from plans.model import ExtractedDocument

# A table whose first rows name at least this many of a kind's characteristic fields is that kind.
MIN_CHARACTERISTIC_FIELDS = 2
HEADER_ROWS_SEARCHED = 3


def _has_table_with(doc: ExtractedDocument, fields: set[str]) -> bool:
    for table in doc.tables:
        for row in table.rows[:HEADER_ROWS_SEARCHED]:
            found = set(header_fields(row.texts).values()) & fields
            if len(found) >= MIN_CHARACTERISTIC_FIELDS:
                return True
    return False


def commitments_score(doc: ExtractedDocument) -> float:
    fields = {"weight_in_group", "weight_in_commitment", "component", "item", "commitment_total"}
    return 0.9 if _has_table_with(doc, fields) else 0.0


def pac_score(doc: ExtractedDocument) -> float:
    fields = {"cost_million_mad", "progress_by_year", "objectives_to_reach"}
    return 0.9 if _has_table_with(doc, fields) else 0.0


COMMITMENTS = Interpreter(
    name="commitments_table", kind="action_plan", score=commitments_score, interpret=None
)
PAC = Interpreter(name="pac_tables", kind="pac", score=pac_score, interpret=None)
