"""Time stamps as they cross stage boundaries: ISO 8601 text in, aware datetimes out."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / RFC 3339 string ("…Z" too) as an aware datetime; a naive time is read as UTC.
    None for anything that is not such a string."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)


def iso_date(value) -> str | None:
    """An RFC 3339 / ISO 8601 string normalised to ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (a bare date stays a
    date, a naive time stays naive), else ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return stamp.date().isoformat() if len(text) <= 10 else stamp.isoformat(timespec="seconds")
    return stamp.isoformat(timespec="seconds")
