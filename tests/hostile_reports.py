"""Report workbooks built to overload the server (issue 19): a real report with one XML part replaced by millions
of styles, shared strings or nested elements. The XML bytes are written straight into the zip, with a block of
random hex in an XML comment so the part compresses like real data (about 20 times, under the zip-bomb ratio that
``safety.check_container`` refuses), as the files that cost 39 s and 1.3 GB did: each builds in well under a second
and is a few MB."""

from __future__ import annotations

import io
import random
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_part(report: bytes, part: str, body: bytes) -> bytes:
    """The report with zip member ``part`` replaced by ``body``, padded to compress about 20 times."""
    padding = random.Random(19).randbytes(len(body) // 80).hex().encode()
    body = body.replace(b"?>", b"?><!--" + padding + b"-->", 1)
    src, out = zipfile.ZipFile(io.BytesIO(report)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in src.infolist():
            z.writestr(info.filename, body if info.filename == part else src.read(info))
    return out.getvalue()


def _xml(root: str, inner: bytes) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{MAIN}">'.encode() + inner + f"</{root}>".encode()


def many_styles(report: bytes, n: int = 1_200_000) -> bytes:
    """``n`` cell formats in xl/styles.xml."""
    xfs = f'<cellXfs count="{n}">'.encode() + b'<xf numFmtId="0" fontId="0"/>' * n + b"</cellXfs>"
    return with_part(report, "xl/styles.xml", _xml("styleSheet", xfs))


def many_strings(report: bytes, n: int = 4_200_000) -> bytes:
    """``n`` shared strings in xl/sharedStrings.xml."""
    return with_part(report, "xl/sharedStrings.xml", _xml("sst", b"<si/>" * n))


def deep_nesting(report: bytes, n: int = 1_000_000, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A worksheet whose XML nests ``n`` elements deep."""
    return with_part(report, part, _xml("worksheet", b"<x>" * n + b"</x>" * n))
