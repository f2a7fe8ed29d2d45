"""Schemathesis against the hub's own OpenAPI document (issue 13 item 8): every operation, with
bodies and parameters generated from the schema, sent signed by a real lead device, with one
auth header replaced by fuzzed text, or unsigned; zero 5xx. Bounded: EXAMPLES requests (about
ten seconds here), well under a minute. The requests go straight into the ASGI app with header
bytes exactly as drawn (an HTTP client would refuse or re-encode some of them; a server hands
them to the app as received, decoded as Latin-1)."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from hubkit import Hub, Org, sqlite_backend
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol import signing

EXAMPLES = 400
SECONDS = 60
HEADERS = (signing.ORG, signing.DEVICE, signing.TIME, signing.NONCE, signing.SIGNATURE)
# Latin-1 text: what an HTTP server can hand over in a header (e.g. "²" passes str.isdigit).
header_text = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
            max_size=40),
    st.text(alphabet="0123456789\u00b2\u00b3\u00b9", min_size=1, max_size=14),
    st.text(alphabet="0123456789 +-_.", min_size=1, max_size=14))


@pytest.fixture
def fuzz_hub(tmp_path: Path) -> Iterator[tuple[Hub, Org]]:
    hub = Hub(sqlite_backend(tmp_path))
    yield hub, hub.new_org()
    hub.close()


def call(app: Any, method: str, path: str, query: bytes, headers: list[tuple[bytes, bytes]],
         body: bytes) -> int:
    """One request into the ASGI app; 500 if the app raises (Starlette re-raises after it
    answered 500)."""
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": query, "headers": headers, "http_version": "1.1",
             "scheme": "https", "server": ("hub.test", 443), "client": ("127.0.0.1", 1),
             "root_path": ""}
    try:
        asyncio.run(app(scope, receive, send))
    except Exception:  # noqa: BLE001
        return 500
    return int(sent[0]["status"])


def test_the_hub_answers_no_5xx_to_schema_generated_requests(
        fuzz_hub: tuple[Hub, Org]) -> None:
    hub, org = fuzz_hub
    schema = schemathesis.openapi.from_dict(hub.app.openapi())
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 9
    cases = st.one_of([op.as_strategy() for op in operations])
    statuses: Counter[int] = Counter()
    modes: Counter[str] = Counter()
    started = time.monotonic()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases, mode=st.sampled_from(["signed", "fuzzed", "fuzzed", "unsigned"]),
           which=st.sampled_from(HEADERS), junk=header_text)
    def run(case: Any, mode: str, which: str, junk: str) -> None:
        if time.monotonic() - started > SECONDS:
            return  # the time bound: stop sending, keep what was checked
        kw = case.as_transport_kwargs(base_url="https://hub.test")
        url = urlsplit(kw["url"])
        path = url.path
        query = urlencode(kw.get("params") or {}, doseq=True)
        body = (json.dumps(kw["json"]).encode() if "json" in kw
                else kw.get("content") or kw.get("data") or b"")
        if isinstance(body, str):
            body = body.encode()
        headers = {"content-type": "application/json"}
        if mode != "unsigned":
            headers.update(signing.sign_headers(
                org.lead.key, method=kw["method"], path=path, query=query, org_id=org.org_id,
                device_id=org.lead.device_id, body=body, timestamp=int(hub.clock())))
        if mode == "fuzzed":
            headers[which] = junk
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        status = call(hub.app, kw["method"], path, query.encode("latin-1", "replace"), raw, body)
        statuses[status] += 1
        modes[mode] += 1
        assert status < 500, (kw["method"], path, mode, which, junk)

    run()
    elapsed = time.monotonic() - started
    print(f"schema fuzz: {sum(statuses.values())} requests in {elapsed:.1f} s over "
          f"{len(operations)} operations; by mode {dict(modes)}; statuses {dict(statuses)}")
    assert sum(statuses.values()) >= 100 and not any(s >= 500 for s in statuses)
    assert any(200 <= s < 300 for s in statuses)  # some requests got through the signature
