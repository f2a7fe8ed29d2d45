"""A fault-injecting httpx transport for sync tests (issue 6, Reliability).

`FaultyTransport(inner)` wraps the hub's in-process transport. While `armed`, every request asks
`draw` (Hypothesis' `data.draw`) which fault to suffer, from the faults that fit it:

- ``ok``: delivered untouched;
- ``drop``: never reaches the hub (httpx.ConnectError);
- ``duplicate``: delivered twice, the client sees the second answer;
- ``hold``: a push is kept back (the client times out) to be delivered later;
- ``release``: first a held push is delivered (now, before this request: reordered), then this;
- ``replay``: first an older request the hub already accepted is delivered again, then this;
- ``truncate``: the body arrives cut short (the hub must answer 4xx, never 2xx or 5xx);
- ``kill``: delivered, then the connection dies before the answer (httpx.ReadError).

`down` (a device offline) makes every request fail to connect, armed or not. Every answer of the
hub is recorded; a 5xx, or a cut or replayed request the hub accepted, lands in `violations`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from hypothesis import strategies as st

FAULTS = ("ok", "drop", "duplicate", "hold", "release", "replay", "truncate", "kill")
PUSH_PATH = "/v1/envelopes"
REGISTER_PATHS = ("/v1/orgs/register", "/v1/devices/register")

#: Faults a registration request may suffer. A registration whose answer was lost (kill) or
#: that arrived twice (duplicate) leaves the invitation used; the next round must confirm the
#: registration instead of being stuck (engine.register_or_confirm).
SAFE_FOR_REGISTRATION = ("ok", "drop", "truncate", "kill", "duplicate")
KEEP_DELIVERED = 16


@dataclass(frozen=True)
class Sent:
    """A request as it left the client: enough to deliver it (again) later."""

    method: str
    url: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    def request(self, body: bytes | None = None, keep_length: bool = True) -> httpx.Request:
        headers = list(self.headers)
        if body is not None and not keep_length:
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        return httpx.Request(self.method, self.url, headers=headers,
                             content=self.body if body is None else body)


def weighted(options: list[str]) -> list[str]:
    """What to draw a request's fate from: about half the time it is delivered untouched
    ("ok" comes first, so failing examples shrink towards fewer faults); a held push is
    released more often than other faults are chosen, so late deliveries are common."""
    faults = [f for f in options if f != "ok"]
    extra = ["release"] * 2 if "release" in faults else []
    extra += ["hold"] if "hold" in faults else []
    return ["ok"] * (len(faults) + len(extra)) + faults + extra


class FaultyTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.armed = False
        self.down = False
        self.draw: Callable[[st.SearchStrategy[Any]], Any] | None = None
        self.register_faults: tuple[str, ...] = SAFE_FOR_REGISTRATION
        self.held: list[Sent] = []
        self.delivered: list[Sent] = []
        self.answers: list[tuple[str, str, int, str]] = []  # method, path, status, fault
        self.violations: list[str] = []
        self.applied: Counter[str] = Counter()

    def reset(self) -> None:
        """Forget everything (a new example): nothing held, nothing to replay."""
        self.armed = self.down = False
        self.draw = None
        self.register_faults = SAFE_FOR_REGISTRATION
        self.held.clear()
        self.delivered.clear()
        self.answers.clear()
        self.violations.clear()

    # --- delivery ----------------------------------------------------------------------------
    def deliver(self, sent: Sent, fault: str = "ok", *, body: bytes | None = None,
                keep_length: bool = True) -> httpx.Response:
        """Hand one request to the hub; record and check its answer."""
        response = self.inner.handle_request(sent.request(body, keep_length))
        try:
            content = response.read()
        finally:
            response.close()
        status = response.status_code
        self.answers.append((sent.method, sent.path, status, fault))
        if status >= 500:
            self.violations.append(f"hub answered {status} to {sent.method} {sent.path} "
                                   f"({fault}): {content[:200]!r}")
        if fault == "truncate" and not 400 <= status < 500:
            self.violations.append(f"a cut body got {status} on {sent.method} {sent.path}")
        if fault == "replay" and status < 400:
            self.violations.append(f"a replayed {sent.method} {sent.path} was accepted "
                                   f"({status})")
        if 200 <= status < 300 and body is None and fault != "replay":
            self.delivered.append(sent)
            del self.delivered[:-KEEP_DELIVERED]
        return httpx.Response(status, headers=response.headers, content=content)

    def release_held(self, index: int = 0) -> httpx.Response:
        """Deliver a held push now (late, out of order)."""
        self.applied["release"] += 1
        return self.deliver(self.held.pop(index), "release")

    def release_all(self) -> None:
        while self.held:
            self.release_held()

    # --- the transport -----------------------------------------------------------------------
    def options(self, sent: Sent) -> list[str]:
        """The faults that fit this request ("ok" first)."""
        if not self.armed or self.draw is None:
            return ["ok"]
        fits = {
            "ok": True,
            "drop": True,
            "duplicate": True,
            "hold": sent.method == "POST" and sent.path == PUSH_PATH,
            "release": bool(self.held),
            "replay": bool(self.delivered),
            "truncate": bool(sent.body),
            "kill": True,
        }
        chosen = [f for f in FAULTS if fits[f]]
        if sent.path in REGISTER_PATHS:
            chosen = [f for f in chosen if f in self.register_faults]
        return chosen

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = Sent(request.method, str(request.url), tuple(request.headers.raw),
                    request.read())
        if self.down:
            raise httpx.ConnectError("device offline", request=request)
        options = self.options(sent)
        fault = "ok"
        if len(options) > 1:
            fault = self._draw(st.sampled_from(weighted(options)))
            if fault != "release":  # counted when the held push is delivered
                self.applied[fault] += 1
        if fault == "drop":
            raise httpx.ConnectError("dropped", request=request)
        if fault == "hold":
            self.held.append(sent)
            raise httpx.ReadTimeout("held back", request=request)
        if fault == "truncate":
            cut = self._draw(st.integers(0, len(sent.body) - 1))
            keep = self._draw(st.booleans())
            response = self.deliver(sent, "truncate", body=sent.body[:cut], keep_length=keep)
            response.request = request
            return response
        if fault == "release":
            self.release_held(self._draw(st.integers(0, len(self.held) - 1)))
        elif fault == "replay":
            older = self.delivered[self._draw(st.integers(0, len(self.delivered) - 1))]
            self.deliver(older, "replay")
        elif fault == "duplicate":
            first = self.deliver(sent, "duplicate")
            if first.is_success:
                sent_again = self.deliver(sent, "replay")  # the same nonce: must be refused
                sent_again.request = request
                return sent_again
        response = self.deliver(sent, fault if fault in ("duplicate", "kill") else "ok")
        if fault == "kill":
            raise httpx.ReadError("connection lost before the answer", request=request)
        response.request = request
        return response

    def _draw(self, strategy: st.SearchStrategy[Any]) -> Any:
        assert self.draw is not None
        return self.draw(strategy)
