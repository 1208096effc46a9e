"""Dates as people and spreadsheets write them.

``2024-03-15`` (ISO), and day first as in English outside the US, French and Arabic:
``15/03/2024``, ``15.03.2024``, ``15-03-2024``; Arabic-Indic digits are read too. A month
first (US ``03/15/2024``) is refused when it cannot be a day first, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import limits

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class DateError(ValueError):
    """Not a date; the message says what is expected."""


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """The date ``text`` means (None for an empty value)."""
    if text is None or isinstance(text, dt.date):
        return text
    value = text.strip().translate(_DIGITS)
    if not value:
        return None
    m = _ISO.match(value)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DAY_FIRST.match(value)
        if not m:
            raise DateError(f"{limits.shorten(text.strip(), 40)} is not a date: write 2024-03-15 (or 15/03/2024, day first)")
        day, month, year = (int(g) for g in m.groups())
        if month > 12 and day <= 12:
            raise DateError(f"{limits.shorten(text.strip(), 40)}: the day comes first (15/03/2024), or write 2024-03-15")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"{limits.shorten(text.strip(), 40)} is not a date ({exc})") from None


__all__ = ["DateError", "parse_date"]
