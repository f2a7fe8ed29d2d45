"""AES-256 password protection for finished PDFs, in memory.

ReportLab's own "256-bit" option is an old revision poppler rejects, so the finished bytes are
re-saved with pikepdf (qpdf) as PDF 2.0-style AES-256, security handler revision 6, which
poppler (`pdftotext -upw`) and qpdf (`--password=`) both open. Without the password nothing,
not even the text, can be read.

Encrypted output is NOT byte-for-byte repeatable: R6 uses a random file key, random salts and a
random IV per string and stream, and qpdf offers a fixed IV only as a testing switch that
pikepdf does not expose. The unencrypted PDF stays deterministic.
"""

from __future__ import annotations

import io
import secrets

import pikepdf


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """`pdf` encrypted with `password` (opens it to read and print). The owner password is
    random and never shown: nobody needs to change the permissions afterwards."""
    if not password:
        raise ValueError("an empty password would not protect the PDF")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = io.BytesIO()
        doc.save(
            out,
            encryption=pikepdf.Encryption(
                user=password, owner=secrets.token_urlsafe(24), R=6, aes=True,
                metadata=True,
                allow=pikepdf.Permissions(extract=True, accessibility=True,
                                          print_highres=True, print_lowres=True)),
            deterministic_id=False,
            fix_metadata_version=False,
        )
    return out.getvalue()
