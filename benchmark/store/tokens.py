"""Links and codes: random tokens handed out once, stored only as hashes, and the one way to look one up."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any, TypeGuard

from sqlalchemy import Column, select
from sqlalchemy.engine import Connection, Row

TOKEN_BYTES = 24
TOKEN_LENGTH = 32  # characters of secrets.token_urlsafe(TOKEN_BYTES)
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: object) -> TypeGuard[str]:
    """Whether a string could be one of our links or codes; anything else is refused before any query."""
    return isinstance(token, str) and len(token) == TOKEN_LENGTH and _TOKEN.fullmatch(token) is not None


def token_hash(token: str) -> str:
    """What is stored instead of a link or code, so a copy of the database opens nothing.

    A plain SHA-256 is enough: a token carries 192 random bits, so there is no dictionary to try and nothing
    for a slow password hash to protect. It also makes the lookup an equality on an indexed column, so the
    time a lookup takes depends on the hash, never on how much of a secret a guess got right.
    """
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def find(conn: Connection, column: Column[Any], token: object) -> Row[Any] | None:
    """The row of ``column``'s table whose hash column holds the hash of ``token``; None for anything else,
    odd input included (never raises, never queries for what cannot be a token)."""
    if not well_formed(token):
        return None
    digest = token_hash(token)
    row = conn.execute(select(column.table).where(column == digest)).first()
    if row is None or not hmac.compare_digest(getattr(row, column.name), digest):
        return None
    return row
