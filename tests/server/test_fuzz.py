"""At least 1,000 malformed pushes per backend: always a 4xx with a JSON error, nothing stored."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hubkit import Backend, Hub, Org
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.events import uuid7
from desktop.sync import sealing
from protocol import framing, signing
from protocol.codec import canonical_bytes

EXAMPLES = 1000
LIMITS = dict(max_request_bytes=64 * 1024, max_envelope_bytes=4096, max_batch=20)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)


@pytest.fixture
def fuzz_org(backend: Backend) -> Iterator[Org]:
    from server.limits import Limits

    hub = Hub(backend, Limits(**LIMITS))  # type: ignore[arg-type]
    yield hub.new_org()
    hub.close()


def _cases(org: Org) -> st.SearchStrategy[tuple[str, bytes, str]]:
    """(kind, body, auth) where auth is "ok" or a way to spoil the signed headers."""
    _, valid = org.envelopes(org.lead, 3)
    other_org = uuid7()
    foreign = [sealing.seal(org.lead.event(), X25519PrivateKey.generate().public_key(),
                            org.lead.key, other_org, org.lead.device_id)]
    other_device = [sealing.seal(org.lead.event(), org.key.public_key(), org.lead.key,
                                 org.org_id, uuid7())]

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(valid)))
        i = draw(st.integers(0, len(data) - 1))
        data[i] ^= draw(st.integers(1, 255))
        return bytes(data)

    @st.composite
    def bad_signature(draw: st.DrawFn) -> bytes:
        return draw(st.sampled_from(valid))[:-64] + draw(st.binary(min_size=64, max_size=64))

    @st.composite
    def shaped(draw: st.DrawFn) -> bytes:
        # The right header (magic, version, ids) followed by anything.
        head = (b"WME\x02" + uuid.UUID(org.org_id).bytes + uuid.UUID(org.lead.device_id).bytes
                + uuid.UUID(uuid7()).bytes)
        return head + draw(st.binary(max_size=400))

    @st.composite
    def oversize(draw: st.DrawFn) -> bytes:
        pad = draw(st.integers(LIMITS["max_envelope_bytes"], LIMITS["max_envelope_bytes"] * 2))
        return draw(st.sampled_from(valid)) + b"\0" * pad

    old_json = st.sampled_from([v[:8] for v in valid]).map(
        lambda _: canonical_bytes({"ciphertext": "AAAA", "device": org.lead.device_id,
                                   "event": uuid7(), "org": org.org_id, "sig": "AAAA", "v": 1}))
    bad_item = st.one_of(
        mutated(), bad_signature(), shaped(), oversize(), st.sampled_from(foreign),
        st.sampled_from(other_device), st.binary(max_size=50), old_json,
    )

    @st.composite
    def batch(draw: st.DrawFn) -> tuple[str, bytes]:
        items = draw(st.lists(st.sampled_from(valid), max_size=3))
        items.insert(draw(st.integers(0, len(items))), draw(bad_item))
        return "batch", framing.encode_batch(items)

    @st.composite
    def broken_frame(draw: st.DrawFn) -> tuple[str, bytes]:
        body = bytearray(framing.encode_batch(draw(st.lists(st.sampled_from(valid),
                                                            min_size=1, max_size=3))))
        at = draw(st.integers(0, 11))  # magic, count or the first length
        body[at] ^= draw(st.integers(1, 255))
        cut = draw(st.integers(0, 3))
        return "broken_frame", bytes(body[:len(body) - cut] if cut else body)

    too_many = st.just(("too_many", framing.encode_batch(valid * 7)))
    too_big = st.integers(LIMITS["max_request_bytes"] + 1, LIMITS["max_request_bytes"] * 2).map(
        lambda n: ("too_big", framing.encode_batch([b"A" * n])))
    junk_json = json_values.map(lambda v: ("junk_json", json.dumps(v).encode()))
    junk_bytes = st.binary(max_size=200).map(lambda b: ("junk_bytes", b))
    bodies = st.one_of(batch(), batch(), batch(), broken_frame(), too_many, too_big, junk_json,
                       junk_bytes)
    auth = st.sampled_from(["ok"] * 8 + ["no_sig", "bad_sig", "old", "other_body"])
    return st.tuples(bodies, auth).map(lambda t: (t[0][0], t[0][1], t[1]))


def test_malformed_pushes_are_refused_cleanly(fuzz_org: Org) -> None:
    org, hub = fuzz_org, fuzz_org.hub
    http = hub.http()
    kinds: dict[str, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(_cases(org))
    def push(case: tuple[str, bytes, str]) -> None:
        kind, body, auth = case
        headers = signing.sign_headers(
            org.lead.key, method="POST", path="/v1/envelopes", query="", org_id=org.org_id,
            device_id=org.lead.device_id, body=b"{}" if auth == "other_body" else body,
            timestamp=int(hub.clock()) - (3600 if auth == "old" else 0),
        )
        if auth == "no_sig":
            del headers[signing.SIGNATURE]
        elif auth == "bad_sig":
            headers[signing.SIGNATURE] = base64.b64encode(b"\1" * 64).decode()
        response = http.post("/v1/envelopes", content=body, headers=headers)
        assert 400 <= response.status_code < 500, (kind, auth, response.status_code)
        error = response.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
        kinds[kind] = kinds.get(kind, 0) + 1

    push()
    assert sum(kinds.values()) >= EXAMPLES, kinds
    assert {"batch", "broken_frame", "junk_json", "junk_bytes", "too_big", "too_many"} <= set(
        kinds)
    assert hub.stored() == 0
    # and the hub still works
    assert [r.status for r in org.lead.client.push(org.envelopes(org.lead, 1)[1])] == ["stored"]


def test_junk_registrations_and_headers_are_refused_cleanly(fuzz_org: Org) -> None:
    """Registration endpoints (signed with a key from the body) and junk auth headers."""
    org, hub = fuzz_org, fuzz_org.hub
    http = hub.http()
    devices_before = len(org.lead.client.devices())
    paths = ["/v1/orgs/register", "/v1/devices/register", "/v1/envelopes/missing",
             "/v1/devices/" + org.lead.device_id + "/revoke"]
    header_text = st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40)
    sent = 0

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(paths), json_values, st.sampled_from(["signed", "junk"]),
           st.dictionaries(st.sampled_from([signing.ORG, signing.DEVICE, signing.TIME,
                                            signing.NONCE, signing.SIGNATURE]), header_text))
    def post(path: str, value: Any, auth: str, junk: dict[str, str]) -> None:
        nonlocal sent
        if isinstance(value, dict) and path.endswith("register") and value:
            # shaped like a registration, with a valid invitation or token half the time
            value = {**value, "invitation": org.invite().decode(), "device_public_key": "AA=="}
        body = json.dumps(value).encode()
        headers = signing.sign_headers(
            org.lead.key, method="POST", path=path, query="", org_id=org.org_id,
            device_id=uuid7() if path.endswith("register") else org.lead.device_id, body=body,
            timestamp=int(hub.clock()))
        sending: dict[str, str | bytes] = dict(headers)
        if auth == "junk":
            sending.update({k: v.encode("latin-1") for k, v in junk.items()})
        response = http.post(path, content=body, headers=sending)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert response.json()["error"]["code"]
        sent += 1

    post()
    assert sent >= 300
    assert len(org.lead.client.devices()) == devices_before
    assert hub.stored() == 0
