"""The client's error mapping, against a scripted transport (no hub needed)."""

from __future__ import annotations

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.domain.events import uuid7
from desktop.sync import hubclient as hc
from protocol import signing

IDENTITY = hc.DeviceIdentity(uuid7(), uuid7(), Ed25519PrivateKey.generate())


def _client(handler: httpx.MockTransport) -> hc.HubClient:
    return hc.HubClient("https://hub.test", IDENTITY, transport=handler)


def _answer(status: int, body: object = None, text: str | None = None) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.headers[signing.DEVICE] == IDENTITY.device_id
        if text is not None:
            return httpx.Response(status, text=text)
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (400, "bad_request", hc.BadRequest),
        (422, "malformed_envelope", hc.BadRequest),
        (401, "bad_request_signature", hc.Unauthorized),
        (403, "lead_only", hc.Refused),
        (403, "revoked", hc.Revoked),
        (409, "conflict", hc.Conflict),
        (413, "envelope_too_large", hc.TooLarge),
        (500, "internal", hc.HubUnavailable),
        (503, "", hc.HubUnavailable),
    ],
)
def test_status_maps_to_a_typed_error(status: int, code: str, kind: type[hc.HubError]) -> None:
    body = {"error": {"code": code, "message": "m", "event_ids": ["x"]}}
    with pytest.raises(kind) as caught:
        _client(_answer(status, body)).epoch()
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.retryable == (status >= 500)


def test_network_failure_is_retryable() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(hc.HubUnavailable) as caught:
        _client(httpx.MockTransport(fail)).push([])
    assert caught.value.retryable


def test_unexpected_answers_are_protocol_errors() -> None:
    with pytest.raises(hc.ProtocolError):
        _client(_answer(200, text="<html>captive portal</html>")).epoch()
    with pytest.raises(hc.ProtocolError):
        _client(_answer(200, {"unexpected": True})).pull(0, 10)
    with pytest.raises(hc.BadRequest):
        _client(_answer(404, text="not json")).epoch()


def test_stale_clock_carries_the_hub_time() -> None:
    body = {"error": {"code": "stale_request", "message": "m", "hub_time": 1_800_000_000}}
    with pytest.raises(hc.Unauthorized) as caught:
        _client(_answer(401, body)).epoch()
    assert caught.value.hub_time == 1_800_000_000 and caught.value.retryable


def test_conflict_lists_event_ids() -> None:
    body = {"error": {"code": "conflict", "message": "m", "event_ids": ["a", "b"]}}
    with pytest.raises(hc.Conflict) as caught:
        _client(_answer(409, body)).push([b"{}"])
    assert caught.value.event_ids == ["a", "b"]


def test_unregistered_client_and_bad_tokens_fail_before_sending() -> None:
    with pytest.raises(hc.HubError):
        hc.HubClient("https://hub.test", transport=_answer(200, {})).epoch()
    client = hc.HubClient("https://hub.test", transport=_answer(200, {}))
    with pytest.raises(hc.BadRequest):
        client.register_org("nope", None, uuid7(), Ed25519PrivateKey.generate())  # type: ignore[arg-type]
