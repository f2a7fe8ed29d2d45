"""Envelopes, invitations and request signatures: pure protocol, no hub, no vault."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.events import CONCERN_RECORDED, Event, new_event, uuid7
from desktop.sync import sealing
from protocol import envelope, invitation, signing
from protocol.codec import canonical_bytes

ORG = "3f1c2b9a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"
DEVICE = "01a1b2c3-d4e5-7f60-8172-839405a6b7c8"
ORG_KEY = X25519PrivateKey.generate()
DEVICE_KEY = Ed25519PrivateKey.generate()


def _event(narrative: str = "Em nói rằng người môi giới đã giữ hộ chiếu.") -> Event:
    return new_event(record_id=uuid7(), kind=CONCERN_RECORDED, author=uuid7(), device=DEVICE,
                     parent_hash=None, payload={"narrative": narrative, "name": "Nguyễn Thị Hồng"})


def _seal(event: Event | bytes) -> bytes:
    if isinstance(event, bytes):  # the protocol's own form: canonical body bytes
        return envelope.seal(event, ORG_KEY.public_key(), DEVICE_KEY, ORG, DEVICE)
    return sealing.seal(event, ORG_KEY.public_key(), DEVICE_KEY, ORG, DEVICE)


def _resign(data: bytes, key: Ed25519PrivateKey = DEVICE_KEY) -> bytes:
    unsigned = data[:-64]
    return unsigned + key.sign(envelope.SIGN_CONTEXT + unsigned)


HEADER = 52  # magic, version, org, device, event
WRAPPED = HEADER + 80  # then the wrapped key ends


def test_seal_open_round_trip_hides_everything_but_routing() -> None:
    event = _event()
    data = _seal(event)
    assert data[:4] == b"WME\x02"
    assert data[4:52] == b"".join(uuid.UUID(i).bytes for i in (ORG, DEVICE, event.id))
    for secret in (event.record_id, event.kind, event.author, "Nguy", "narrative"):
        assert secret.encode() not in data
    route = envelope.verify(data, DEVICE_KEY.public_key(), expected_org=ORG)
    assert (route.org_id, route.device_id, route.event_id, route.size) == (
        ORG, DEVICE, event.id, len(data))
    assert sealing.open_event(data, ORG_KEY, DEVICE_KEY.public_key()) == event


def test_envelope_is_within_the_size_goal() -> None:
    # 1.5 x plaintext + 200 bytes is the goal; the binary form costs 224 bytes + plaintext.
    event = _event()
    body = event.body().encode()
    assert len(_seal(event)) == len(body) + envelope.MIN_ENVELOPE_BYTES
    assert len(_seal(event)) <= 1.5 * len(body) + 200


def test_a_batch_shares_one_key_wrap_and_each_envelope_opens_alone() -> None:
    events = [_event(f"note {i}") for i in range(5)]
    sealed = sealing.seal_batch(events, ORG_KEY.public_key(), DEVICE_KEY, ORG, DEVICE)
    assert len({data[HEADER:WRAPPED] for data in sealed}) == 1
    assert len({data[WRAPPED:WRAPPED + 12] for data in sealed}) == 5  # nonces differ
    for event, data in zip(events, sealed, strict=True):
        assert sealing.open_event(data, ORG_KEY, DEVICE_KEY.public_key()) == event
    cache: dict[bytes, bytes] = {}
    opened = [sealing.open_event(d, ORG_KEY, DEVICE_KEY.public_key(), keys=cache)
              for d in sealed]
    assert opened == events and len(cache) == 1
    # Another batch's key does not open this batch's content (moved key): refused.
    other = sealing.seal_batch([_event()], ORG_KEY.public_key(), DEVICE_KEY, ORG, DEVICE)[0]
    spliced = _resign(sealed[0][:HEADER] + other[HEADER:WRAPPED] + sealed[0][WRAPPED:])
    with pytest.raises(envelope.TamperedCiphertext):
        sealing.open_event(spliced, ORG_KEY, DEVICE_KEY.public_key())


def test_seal_accepts_body_bytes_and_is_randomised() -> None:
    event = _event()
    first, second = _seal(event.body().encode()), _seal(event)
    assert first != second
    assert sealing.open_event(first, ORG_KEY, DEVICE_KEY.public_key()) == event


def test_seal_refuses_an_event_whose_hash_is_wrong() -> None:
    event = _event()
    broken = Event(**{**event.__dict__, "hash": "0" * 64})
    with pytest.raises(ValueError):
        _seal(broken)


def test_tampered_ciphertext_fails_the_signature() -> None:
    data = bytearray(_seal(_event()))
    data[-65] ^= 1  # the last byte of the GCM tag
    tampered = bytes(data)
    with pytest.raises(envelope.BadSignature):
        envelope.verify(tampered, DEVICE_KEY.public_key())
    with pytest.raises(envelope.BadSignature):
        sealing.open_event(tampered, ORG_KEY, DEVICE_KEY.public_key())


def test_signed_but_corrupt_ciphertext_is_tampered_ciphertext() -> None:
    data = bytearray(_seal(_event()))
    data[-65] ^= 1  # after the wrapped key: the content part
    with pytest.raises(envelope.TamperedCiphertext):
        sealing.open_event(_resign(bytes(data)), ORG_KEY, DEVICE_KEY.public_key())


def test_moved_routing_does_not_decrypt() -> None:
    data = _seal(_event())
    # Re-signed by the device under another event id: the ciphertext is bound to the id.
    moved = data[:36] + uuid.UUID(uuid7()).bytes + data[52:]
    with pytest.raises(envelope.TamperedCiphertext):
        sealing.open_event(_resign(moved), ORG_KEY, DEVICE_KEY.public_key())
    # Under another device id (same key re-signing): the wrapped key is bound to the device.
    other_device = data[:20] + uuid.UUID(uuid7()).bytes + data[36:]
    with pytest.raises(envelope.WrongOrganisation):
        sealing.open_event(_resign(other_device), ORG_KEY, DEVICE_KEY.public_key())


def test_tampered_signature_and_wrong_device_key_are_refused() -> None:
    data = _seal(_event())
    spoilt = bytearray(data)
    spoilt[-64] ^= 1
    with pytest.raises(envelope.BadSignature):
        envelope.verify(bytes(spoilt), DEVICE_KEY.public_key())
    with pytest.raises(envelope.BadSignature):
        envelope.verify(data, Ed25519PrivateKey.generate().public_key())


def test_wrong_organisation_key_or_id_is_refused() -> None:
    data = _seal(_event())
    with pytest.raises(envelope.WrongOrganisation):
        sealing.open_event(data, X25519PrivateKey.generate(), DEVICE_KEY.public_key())
    with pytest.raises(envelope.WrongOrganisation):
        envelope.verify(data, DEVICE_KEY.public_key(), expected_org=uuid7())


def test_event_id_must_match_the_routing() -> None:
    # A device that seals event A's body under event B's id (a bug or a forgery).
    event, other = _event(), _event()
    forged = envelope.seal(event.body().encode(), ORG_KEY.public_key(), DEVICE_KEY, ORG, DEVICE)
    header = forged[:36] + uuid.UUID(other.id).bytes
    wrapped = forged[HEADER:WRAPPED]
    key = envelope._SUITE.decrypt(wrapped, ORG_KEY, info=envelope._KEY_CONTEXT  # noqa: SLF001
                                  + forged[:36])
    nonce = b"\x00" * 12
    content = AESGCM(key).encrypt(nonce, event.body().encode(), header + wrapped)
    with pytest.raises(envelope.EventMismatch):
        sealing.open_event(_resign(header + wrapped + nonce + content + b"\0" * 64), ORG_KEY,
                           DEVICE_KEY.public_key())


@pytest.mark.parametrize(
    "data",
    [
        b"", b"{}", b"[]", b"null", b"\xff\xfe", b"WME", b"WME\x01" + b"\0" * 300,
        b"WME\x02" + b"\0" * 100,
        b'{"ciphertext":"AAAA","device":"x","event":"y","org":"z","sig":"AAAA","v":1}',
    ],
)
def test_malformed_envelopes(data: bytes) -> None:
    with pytest.raises(envelope.MalformedEnvelope):
        envelope.verify(data, DEVICE_KEY.public_key())


def test_a_version_1_envelope_is_refused_with_a_clear_message() -> None:
    old = canonical_bytes({"ciphertext": "AAAA", "device": DEVICE, "event": uuid7(),
                           "org": ORG, "sig": base64.b64encode(b"\0" * 64).decode(), "v": 1})
    with pytest.raises(envelope.MalformedEnvelope, match="version 2 only"):
        envelope.routing(old)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300), st.dictionaries(st.text(max_size=10), st.integers(), max_size=5))
def test_any_payload_round_trips(narrative: str, extra: dict[str, int]) -> None:
    event = new_event(record_id=uuid7(), kind=CONCERN_RECORDED, author=uuid7(), device=DEVICE,
                      parent_hash="ab" * 32, payload={"narrative": narrative, "extra": extra})
    assert sealing.open_event(_seal(event), ORG_KEY, DEVICE_KEY.public_key()) == event


def test_invitation_round_trip_and_refusals() -> None:
    lead = Ed25519PrivateKey.generate()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    data = invitation.sign_invitation(org_id=ORG, inviter_device_id=DEVICE,
                                      inviter_private_key=lead, role="field", now=now,
                                      valid_for=timedelta(days=2))
    parsed = invitation.verify_invitation(data, lead.public_key(), now=now)
    assert (parsed.org_id, parsed.inviter_device_id, parsed.role) == (ORG, DEVICE, "field")
    with pytest.raises(invitation.InvitationExpired):
        invitation.verify_invitation(data, lead.public_key(), now=now + timedelta(days=3))
    with pytest.raises(invitation.InvitationSignatureInvalid):
        invitation.verify_invitation(data, Ed25519PrivateKey.generate().public_key(), now=now)
    fields = json.loads(data)
    fields["role"] = "lead"  # a field invitation promoted by whoever carries it
    with pytest.raises(invitation.InvitationSignatureInvalid):
        invitation.verify_invitation(canonical_bytes(fields), lead.public_key(), now=now)
    with pytest.raises(invitation.MalformedInvitation):
        invitation.parse_invitation(b"{}")
    with pytest.raises(ValueError):
        invitation.sign_invitation(org_id=ORG, inviter_device_id=DEVICE,
                                   inviter_private_key=lead, role="admin")


def test_request_signature_covers_every_part() -> None:
    key = Ed25519PrivateKey.generate()
    parts = dict(method="POST", path="/v1/envelopes", query="a=1", org_id=ORG, device_id=DEVICE,
                 timestamp=1_700_000_000, nonce="0" * 32, body=b"{}")
    headers = signing.sign_headers(key, **parts)  # type: ignore[arg-type]
    message = signing.request_message(**parts)  # type: ignore[arg-type]
    assert signing.verify_signature(key.public_key(), headers[signing.SIGNATURE], message)
    for name, value in (("method", "GET"), ("path", "/v1/epoch"), ("query", "a=2"),
                        ("timestamp", 1_700_000_001), ("nonce", "1" * 32), ("body", b"{ }"),
                        ("device_id", ORG)):
        changed = signing.request_message(**{**parts, name: value})  # type: ignore[arg-type]
        assert not signing.verify_signature(key.public_key(), headers[signing.SIGNATURE], changed)
    assert not signing.verify_signature(key.public_key(), "not base64!", message)
