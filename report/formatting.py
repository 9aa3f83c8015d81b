"""Every number the report and its charts print, formatted in one place.

Amounts in dirhams with a space between thousands and two decimals (``2 461 996.00``), as the plans
print them; shares as percentages; missing values as an em dash.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MISSING = "—"
Number = Decimal | float | int


def amount(value: Number | None) -> str:
    """A MAD amount: ``2 461 996.00``."""
    if value is None:
        return MISSING
    return f"{Decimal(str(value)):,.2f}".replace(",", " ")


def count(value: Number | None) -> str:
    """A whole count: ``1 234``."""
    if value is None:
        return MISSING
    return f"{int(value):,}".replace(",", " ")


def share(value: Number | None, digits: int = 1) -> str:
    """A share of 1 as a percentage: ``0.3656`` -> ``36.6 %``."""
    if value is None:
        return MISSING
    return f"{float(value) * 100:.{digits}f} %"


def ratio(value: Number | None, digits: int = 2) -> str:
    """A plain ratio (indicators per activity, activities per year): ``2.22``."""
    if value is None:
        return MISSING
    return f"{float(value):.{digits}f}"


def day(value: date | None) -> str:
    """A date in ISO form."""
    return MISSING if value is None else value.isoformat()


def text(value: object) -> str:
    """Anything else (labels, years, ranks)."""
    return MISSING if value is None else str(value)


def rank(value: int | None, out_of: int | None) -> str:
    """A rank among plans of the same kind: ``1 of 2``."""
    if value is None:
        return MISSING
    return f"{value} of {out_of}" if out_of else str(value)


def measure_value(measure: str, value: Number | None) -> str:
    """A stated or computed measure of v_plan_reconciliation, by its unit suffix."""
    if measure.endswith("_mad"):
        return amount(value)
    if measure.endswith("_pct"):
        return MISSING if value is None else f"{float(value):g} %"
    return count(value)
