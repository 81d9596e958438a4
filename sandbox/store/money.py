"""The sandbox tracker's currency (USD) and the fixed rates it converts other currencies at."""

from __future__ import annotations

__all__ = ["RATES", "TRACKER_CURRENCY", "to_tracker_currency"]

TRACKER_CURRENCY = "USD"

RATES = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.27,
    "RUB": 0.011,
    "UAH": 0.024,
    "BRL": 0.18,
    "MXN": 0.055,
}
"""Value of one unit in USD. Fixed, so results are reproducible; a tracker uses live rates."""


def to_tracker_currency(amount: float, currency: str | None) -> float:
    """`amount` in `currency` (tracker currency when empty) converted to USD.

    Raises:
        ValueError: An unknown currency.
    """
    code = (currency or TRACKER_CURRENCY).upper()
    if code not in RATES:
        raise ValueError(f"Unknown currency: {currency}")
    return amount * RATES[code]
