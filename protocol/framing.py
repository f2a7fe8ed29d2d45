"""Binary framing of envelope batches (push) and pages (pull), protocol version 2.

Envelopes are binary (see `protocol.envelope`); a request or an answer carrying many of them
frames them by length instead of wrapping base64 text in JSON. All integers are unsigned,
big-endian.

Push request body (`POST /v1/envelopes`, Content-Type `application/octet-stream`)::

    "WMB" 0x02 | count (u32) | count x (length (u32) | envelope bytes)

Pull answer (`GET /v1/envelopes`)::

    "WMP" 0x02 | head (u64) | next_cursor (u64) | epoch length (u8) | epoch (ASCII)
    | count (u32) | count x (seq (u64) | length (u32) | envelope bytes)

Readers are strict: the magic and version, every length within its limit, nothing left over.
A JSON body (protocol version 1) is refused with a message saying so.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

BATCH_MAGIC = b"WMB\x02"
PAGE_MAGIC = b"WMP\x02"
MEDIA_TYPE = "application/octet-stream"

_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_PAGE_HEAD = struct.Struct(">QQB")
_ITEM = struct.Struct(">QI")


class FramingError(ValueError):
    """Bytes that are not a version-2 batch or page; the message says what is wrong."""


class OldFraming(FramingError):
    """A version-1 (JSON) body."""


class TooManyEnvelopes(FramingError):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} envelopes in one batch (at most {limit})")
        self.limit = limit


class EnvelopeTooLarge(FramingError):
    def __init__(self, index: int, limit: int) -> None:
        super().__init__(f"envelope {index} is larger than {limit} bytes")
        self.index = index
        self.limit = limit


def encode_batch(envelopes: Sequence[bytes]) -> bytes:
    parts = [BATCH_MAGIC, _U32.pack(len(envelopes))]
    for data in envelopes:
        parts += (_U32.pack(len(data)), data)
    return b"".join(parts)


def decode_batch(body: bytes, *, max_count: int, max_envelope: int) -> list[bytes]:
    """The envelopes of a push body, strictly (see the module text)."""
    if body[:1] == b"{":
        raise OldFraming("a JSON batch (protocol version 1): this hub takes envelope batches "
                         "in the binary framing of version 2 only; update Waymark")
    if body[:4] != BATCH_MAGIC:
        raise FramingError("the body is not a Waymark envelope batch")
    if len(body) < 8:
        raise FramingError("the batch is cut short")
    (count,) = _U32.unpack_from(body, 4)
    if count > max_count:
        raise TooManyEnvelopes(count, max_count)
    at, out = 8, []
    view = memoryview(body)
    for index in range(count):
        if at + 4 > len(body):
            raise FramingError("the batch is cut short")
        (size,) = _U32.unpack_from(body, at)
        if size > max_envelope:
            raise EnvelopeTooLarge(index, max_envelope)
        at += 4
        if at + size > len(body):
            raise FramingError("the batch is cut short")
        out.append(bytes(view[at : at + size]))
        at += size
    if at != len(body):
        raise FramingError("bytes follow the last envelope of the batch")
    return out


@dataclass(frozen=True)
class Page:
    envelopes: list[tuple[int, bytes]]  # (seq, envelope bytes)
    next_cursor: int
    head: int
    epoch: str


def encode_page(page: Page) -> bytes:
    epoch = page.epoch.encode("ascii")
    parts = [PAGE_MAGIC, _PAGE_HEAD.pack(page.head, page.next_cursor, len(epoch)), epoch,
             _U32.pack(len(page.envelopes))]
    for seq, data in page.envelopes:
        parts += (_ITEM.pack(seq, len(data)), data)
    return b"".join(parts)


def decode_page(body: bytes, *, max_envelope: int = 4 * 1024 * 1024) -> Page:
    """A pull answer, strictly (see the module text)."""
    if body[:4] != PAGE_MAGIC or len(body) < 4 + _PAGE_HEAD.size:
        raise FramingError("the answer is not a Waymark envelope page")
    head, cursor, epoch_len = _PAGE_HEAD.unpack_from(body, 4)
    at = 4 + _PAGE_HEAD.size
    epoch_raw = body[at : at + epoch_len]
    at += epoch_len
    if len(epoch_raw) != epoch_len or at + 4 > len(body) or not epoch_raw.isascii():
        raise FramingError("the page is cut short")
    (count,) = _U32.unpack_from(body, at)
    at += 4
    view = memoryview(body)
    items: list[tuple[int, bytes]] = []
    for _ in range(count):
        if at + _ITEM.size > len(body):
            raise FramingError("the page is cut short")
        seq, size = _ITEM.unpack_from(body, at)
        at += _ITEM.size
        if size > max_envelope or at + size > len(body):
            raise FramingError("the page is cut short")
        items.append((seq, bytes(view[at : at + size])))
        at += size
    if at != len(body):
        raise FramingError("bytes follow the last envelope of the page")
    return Page(items, cursor, head, epoch_raw.decode("ascii"))
