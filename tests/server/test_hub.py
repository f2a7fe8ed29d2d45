"""The hub through its client: registration, push/pull, idempotency, refusals (SQLite + PG)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hubkit import Backend, Hub, Org

from desktop.domain.events import uuid7
from desktop.sync import sealing
from desktop.sync.hubclient import (
    BadRequest,
    Conflict,
    DeviceIdentity,
    HubClient,
    Refused,
    Revoked,
    TooLarge,
    Unauthorized,
    public_key_of,
)
from protocol import framing, signing
from protocol.invitation import sign_invitation
from server import store
from server.limits import Limits


def test_push_then_pull_round_trip(org: Org) -> None:
    events, sealed = org.envelopes(org.lead, 5)
    results = org.lead.client.push(sealed)
    assert [(r.event_id, r.status, r.seq) for r in results] == [
        (e.id, "stored", i + 1) for i, e in enumerate(events)
    ]
    page = org.lead.client.pull(0, 10)
    assert [p.seq for p in page.envelopes] == [1, 2, 3, 4, 5]
    assert [p.data for p in page.envelopes] == sealed
    assert (page.next_cursor, page.head) == (5, 5)
    keys = {d.device_id: public_key_of(d) for d in org.lead.client.devices()}
    opened = [sealing.open_event(p.data, org.key, keys[org.lead.device_id]) for p in page.envelopes]
    assert opened == events


def test_same_bytes_again_is_a_duplicate_no_op(org: Org) -> None:
    _, sealed = org.envelopes(org.lead, 3)
    org.lead.client.push(sealed[:2])
    results = org.lead.client.push(sealed)
    assert [r.status for r in results] == ["duplicate", "duplicate", "stored"]
    assert [r.seq for r in results] == [1, 2, 3]
    assert org.hub.stored() == 3
    # the same envelope twice in one batch
    assert [r.status for r in org.lead.client.push([sealed[0], sealed[0]])] == ["duplicate"] * 2


def test_same_id_other_bytes_is_409_and_the_batch_is_not_stored(org: Org) -> None:
    events, sealed = org.envelopes(org.lead, 2)
    org.lead.client.push([sealed[0]])
    resealed = org.lead.seal(events[0], org.key.public_key())  # randomised: other bytes
    assert resealed != sealed[0]
    with pytest.raises(Conflict) as caught:
        org.lead.client.push([sealed[1], resealed])
    assert caught.value.status == 409
    assert caught.value.event_ids == [events[0].id]
    assert org.hub.stored() == 1
    assert org.lead.client.missing([events[1].id]) == [events[1].id]


def test_pull_pages_in_order_with_cursor(org: Org) -> None:
    _, sealed = org.envelopes(org.lead, 7)
    org.lead.client.push(sealed)
    cursor, seen = 0, []
    while True:
        page = org.lead.client.pull(cursor, limit=3)
        if not page.envelopes:
            break
        seen.extend(p.seq for p in page.envelopes)
        cursor = page.next_cursor
    assert seen == list(range(1, 8))
    assert org.lead.client.pull(7, 3).next_cursor == 7


def test_sequence_is_gap_free_per_organisation(hub: Hub) -> None:
    first, second = hub.new_org("A"), hub.new_org("B")
    for _ in range(2):
        for o in (first, second):
            o.lead.client.push(o.envelopes(o.lead, 3)[1])
    for o in (first, second):
        page = o.lead.client.pull(0, 100)
        assert [p.seq for p in page.envelopes] == list(range(1, 7))


def test_organisations_are_isolated(hub: Hub) -> None:
    first, second = hub.new_org("A"), hub.new_org("B")
    events, sealed = first.envelopes(first.lead, 2)
    first.lead.client.push(sealed)
    assert second.lead.client.pull(0, 10).envelopes == []
    assert second.lead.client.missing([e.id for e in events]) == [e.id for e in events]


def test_field_device_pushes_but_cannot_pull_or_revoke(org: Org) -> None:
    field = org.join("field")
    _, sealed = org.envelopes(field, 2)
    assert [r.status for r in field.client.push(sealed)] == ["stored", "stored"]
    assert field.client.epoch().role == "field"
    with pytest.raises(Refused) as caught:
        field.client.pull(0, 10)
    assert caught.value.code == "lead_only"
    with pytest.raises(Refused):
        field.client.revoke(org.lead.device_id)
    with pytest.raises(Refused):
        field.client.devices()
    # ... while the lead reads them, verified with the field device's key from the hub
    keys = {d.device_id: public_key_of(d) for d in org.lead.client.devices()}
    page = org.lead.client.pull(0, 10)
    assert all(sealing.open_event(p.data, org.key, keys[field.device_id]) for p in page.envelopes)


def test_invited_lead_can_pull(org: Org) -> None:
    second_lead = org.join("lead")
    org.lead.client.push(org.envelopes(org.lead, 1)[1])
    assert len(second_lead.client.pull(0, 10).envelopes) == 1


def test_registration_token_is_single_use(hub: Hub) -> None:
    org_id, token = store.create_org(hub.engine, "Org", hub.clock)
    org_key = X25519PrivateKey.generate()
    key = Ed25519PrivateKey.generate()
    reg = hub.client().register_org(token, org_key.public_key(), uuid7(), key)
    assert (reg.org_id, reg.role) == (org_id, "lead")
    with pytest.raises(Refused) as caught:
        hub.client().register_org(token, org_key.public_key(), uuid7(),
                                  Ed25519PrivateKey.generate())
    assert caught.value.code == "bad_token"
    with pytest.raises(Refused):
        hub.client().register_org(f"{org_id}.wrong", org_key.public_key(), uuid7(),
                                  Ed25519PrivateKey.generate())
    with pytest.raises(BadRequest):
        hub.client().register_org("not-a-token", org_key.public_key(), uuid7(),
                                  Ed25519PrivateKey.generate())


def test_invitation_is_single_use(org: Org) -> None:
    invitation = org.invite("field")
    org.hub.client().register_device(invitation, uuid7(), Ed25519PrivateKey.generate())
    with pytest.raises(Conflict) as caught:
        org.hub.client().register_device(invitation, uuid7(), Ed25519PrivateKey.generate())
    assert caught.value.code == "invitation_used"


def test_expired_or_forged_invitations_are_refused(org: Org) -> None:
    expired = org.invite("field", valid_for=timedelta(seconds=-1))
    with pytest.raises(Refused) as caught:
        org.hub.client().register_device(expired, uuid7(), Ed25519PrivateKey.generate())
    assert caught.value.code == "invitation_expired"
    forged = sign_invitation(org_id=org.org_id, inviter_device_id=org.lead.device_id,
                             inviter_private_key=Ed25519PrivateKey.generate(), role="lead")
    with pytest.raises(Refused) as caught:
        org.hub.client().register_device(forged, uuid7(), Ed25519PrivateKey.generate())
    assert caught.value.code == "bad_invitation"
    field = org.join("field")  # a field device cannot invite
    by_field = sign_invitation(org_id=org.org_id, inviter_device_id=field.device_id,
                               inviter_private_key=field.key, role="lead")
    with pytest.raises(Refused):
        org.hub.client().register_device(by_field, uuid7(), Ed25519PrivateKey.generate())
    assert {d.role for d in org.lead.client.devices()} == {"lead", "field"}


def test_invitation_from_a_revoked_lead_is_refused(org: Org) -> None:
    second = org.join("lead")
    invitation = sign_invitation(org_id=org.org_id, inviter_device_id=second.device_id,
                                 inviter_private_key=second.key, role="field")
    assert org.lead.client.revoke(second.device_id) is True
    with pytest.raises(Refused):
        org.hub.client().register_device(invitation, uuid7(), Ed25519PrivateKey.generate())


def test_revoked_device_is_refused(org: Org) -> None:
    field = org.join("field")
    assert org.lead.client.revoke(field.device_id) is True
    assert org.lead.client.revoke(field.device_id) is False
    with pytest.raises(Revoked):
        field.client.push(org.envelopes(field, 1)[1])
    with pytest.raises(Revoked):
        field.client.epoch()
    assert org.hub.stored() == 0


def test_last_lead_cannot_be_revoked(org: Org) -> None:
    with pytest.raises(Conflict) as caught:
        org.lead.client.revoke(org.lead.device_id)
    assert caught.value.code == "last_lead"


def test_envelope_from_another_device_or_org_is_refused(hub: Hub) -> None:
    org, other = hub.new_org("A"), hub.new_org("B")
    field = org.join("field")
    _, lead_envelopes = org.envelopes(org.lead, 1)
    with pytest.raises(Refused) as caught:
        field.client.push(lead_envelopes)  # the lead's envelope pushed by the field device
    assert caught.value.code == "envelope_device_mismatch"
    # sealed and signed by the lead of B, claiming org A: B's lead pushes it
    event = other.lead.event()
    foreign = sealing.seal(event, org.key.public_key(), other.lead.key, org.org_id,
                            other.lead.device_id)
    with pytest.raises(Refused) as caught:
        other.lead.client.push([foreign])
    assert caught.value.code == "envelope_org_mismatch"
    assert hub.stored() == 0


def test_bad_envelope_signature_is_refused_and_not_stored(org: Org) -> None:
    _, sealed = org.envelopes(org.lead, 2)
    spoilt = bytearray(sealed[1])
    spoilt[-1] ^= 0x40  # a bit of the signature
    tampered = bytes(spoilt)
    with pytest.raises(BadRequest) as caught:
        org.lead.client.push([sealed[0], tampered])
    assert caught.value.status == 422
    assert caught.value.details["index"] == 1
    assert org.hub.stored() == 0


def test_size_limits_answer_413(backend: Backend) -> None:
    hub = Hub(backend, Limits(max_request_bytes=64 * 1024, max_envelope_bytes=2048, max_batch=5))
    try:
        org = hub.new_org()
        big = org.lead.seal(org.lead.event(note="x" * 4000), org.key.public_key())
        with pytest.raises(TooLarge) as caught:
            org.lead.client.push([big])
        assert caught.value.code == "envelope_too_large"
        with pytest.raises(TooLarge) as caught:
            org.lead.client.push(org.envelopes(org.lead, 6)[1])
        assert caught.value.code == "batch_too_large"
        with pytest.raises(TooLarge) as caught:
            org.lead.client.push([org.lead.seal(org.lead.event(note="y" * 100_000),
                                                org.key.public_key())])
        assert caught.value.code == "request_too_large"
        assert hub.stored() == 0
    finally:
        hub.close()


def test_missing_reports_what_the_hub_lacks(org: Org) -> None:
    events, sealed = org.envelopes(org.lead, 3)
    org.lead.client.push(sealed[:2])
    unknown = uuid7()
    assert org.lead.client.missing([e.id for e in events] + [unknown]) == [events[2].id, unknown]
    field = org.join("field")
    # A field device cannot probe the hub for other devices' events: only its own pushes
    # count as held.
    assert field.client.missing([events[0].id, events[2].id]) == [events[0].id, events[2].id]
    own, own_sealed = org.envelopes(field, 2)
    field.client.push(own_sealed[:1])
    assert field.client.missing([own[0].id, own[1].id, events[0].id]) == [own[1].id,
                                                                        events[0].id]


def _raw_get(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """One GET straight into the ASGI app, header bytes as given (an HTTP server hands
    Starlette the bytes it received; httpx would re-encode them). 500 if the app raises."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": headers, "http_version": "1.1",
             "scheme": "http", "server": ("hub.test", 80), "client": ("127.0.0.1", 1),
             "root_path": ""}
    try:
        asyncio.run(app(scope, receive, send))
    except Exception:  # noqa: BLE001 - Starlette re-raises after answering 500
        return 500
    return int(sent[0]["status"])


@pytest.mark.parametrize("stamp", ["\u00b2", "1" * 9 + "\u00b3", "\u00b9\u00b2", "12 ", "+123",
                                   "-1", "1_000", " 12"])
def test_a_time_header_that_is_not_ascii_digits_is_a_4xx_not_a_500(org: Org,
                                                                   stamp: str) -> None:
    # "²" passes str.isdigit() and then int() raises: that was a 500.
    headers = _signed(org, "GET", "/v1/epoch", b"")
    headers["X-Waymark-Time"] = stamp
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    assert _raw_get(org.hub.app, "/v1/epoch", raw) in (400, 401)
    good = [(k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in _signed(org, "GET", "/v1/epoch", b"").items()]
    length = stamp.encode("latin-1")
    assert _raw_get(org.hub.app, "/v1/epoch", [*good, (b"content-length", length)]) in (400, 401)


def test_stale_clock_is_refused_with_the_hub_time(org: Org) -> None:
    skewed = org.hub.client(identity=org.lead.client.identity)
    org.hub.clock.offset = 0
    skewed._clock = lambda: org.hub.clock() - 3600  # noqa: SLF001 - a device an hour behind
    with pytest.raises(Unauthorized) as caught:
        skewed.epoch()
    assert caught.value.code == "stale_request"
    assert abs((caught.value.hub_time or 0) - org.hub.clock()) < 5
    assert caught.value.retryable


def _signed(org: Org, method: str, path: str, body: bytes, **over: str) -> dict[str, str]:
    headers = signing.sign_headers(
        org.lead.key, method=method, path=path, query="", org_id=org.org_id,
        device_id=org.lead.device_id, body=body, timestamp=int(org.hub.clock()),
    )
    headers.update(over)
    return headers


def test_replayed_and_tampered_requests_are_refused(org: Org) -> None:
    http = org.hub.http()
    headers = _signed(org, "GET", "/v1/epoch", b"")
    assert http.get("/v1/epoch", headers=headers).status_code == 200
    again = http.get("/v1/epoch", headers=headers)
    assert (again.status_code, again.json()["error"]["code"]) == (401, "replayed_request")
    body = json.dumps({"event_ids": [uuid7()]}).encode()
    headers = _signed(org, "POST", "/v1/envelopes/missing", body)
    other = json.dumps({"event_ids": [uuid7()]}).encode()
    refused = http.post("/v1/envelopes/missing", content=other, headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "bad_request_signature")
    wrong_path = http.get("/v1/devices", headers=_signed(org, "GET", "/v1/epoch", b""))
    assert wrong_path.status_code == 401


def test_unsigned_and_unknown_devices_are_refused(org: Org) -> None:
    http = org.hub.http()
    response = http.get("/v1/envelopes")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    stranger = HubClient("https://hub.test", DeviceIdentity(org.org_id, uuid7(),
                                                           Ed25519PrivateKey.generate()),
                         transport=org.hub.transport, clock=org.hub.clock)
    with pytest.raises(Unauthorized) as caught:
        stranger.epoch()
    # The same answer as a wrong signature from a registered device: no way to tell which
    # device ids exist.
    assert caught.value.code == "bad_request_signature"
    impostor = HubClient("https://hub.test", DeviceIdentity(org.org_id, org.lead.device_id,
                                                           Ed25519PrivateKey.generate()),
                         transport=org.hub.transport, clock=org.hub.clock)
    with pytest.raises(Unauthorized) as wrong_key:
        impostor.epoch()
    assert (wrong_key.value.code, str(wrong_key.value)) == (caught.value.code,
                                                             str(caught.value))


def test_malformed_bodies_get_a_json_4xx(org: Org) -> None:
    http = org.hub.http()
    _, sealed = org.envelopes(org.lead, 1)
    good = framing.encode_batch(sealed)
    for body in (b"", b"{", b"[]", b'{"envelopes": "x"}', b"WMB\x01\0\0\0\0",
                 b"WMB\x02", b"WMB\x02\0\0\0\x01", good[:-1], good + b"\0",
                 good[:8] + b"\0\0\0\x05abcde", good[:8] + b"\xff\xff\xff\xff",
                 b"\0" * 64):
        response = http.post("/v1/envelopes", content=body,
                             headers=_signed(org, "POST", "/v1/envelopes", body))
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["code"], body
    response = http.get("/v1/envelopes?after=x",
                        headers=_signed(org, "GET", "/v1/envelopes", b""))
    assert response.status_code in (400, 401)
    assert http.get("/nowhere").json()["error"]["code"] == "not_found"
    assert org.hub.stored() == 0


def test_a_version_1_json_batch_is_refused_with_a_clear_message(org: Org) -> None:
    http = org.hub.http()
    body = json.dumps({"envelopes": ['{"v":1}']}).encode()
    response = http.post("/v1/envelopes", content=body,
                         headers=_signed(org, "POST", "/v1/envelopes", body))
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, "unsupported_framing")
    assert "version 2" in error["message"]
    # A version-1 envelope inside a version-2 batch: refused by name as well.
    body = framing.encode_batch([b'{"ciphertext":"AAAA","v":1}'])
    response = http.post("/v1/envelopes", content=body,
                         headers=_signed(org, "POST", "/v1/envelopes", body))
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (422, "malformed_envelope")
    assert "version-1" in error["message"]


def test_openapi_document_is_served(hub: Hub) -> None:
    document = hub.http().get("/openapi.json").json()
    assert {"/v1/envelopes", "/v1/envelopes/missing", "/v1/epoch", "/v1/orgs/register",
            "/v1/devices/register", "/v1/devices/{device_id}/revoke"} <= set(document["paths"])
    push = document["paths"]["/v1/envelopes"]["post"]
    assert "application/octet-stream" in push["requestBody"]["content"]


def test_old_nonces_are_purged(org: Org) -> None:
    from sqlalchemy import func, select

    from server.schema import request_nonces

    org.lead.client.epoch()
    store.purge_nonces(org.hub.engine, int(org.hub.clock()) + 10_000, 300)
    with org.hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(request_nonces)).scalar_one() == 0
    assert org.lead.client.epoch().head == 0


def test_cursor_out_of_range_is_400(org: Org) -> None:
    with pytest.raises(BadRequest):
        org.lead.client.pull(2**63 + 5, 10)
    with pytest.raises(BadRequest):
        org.lead.client.pull(0, 5000)
