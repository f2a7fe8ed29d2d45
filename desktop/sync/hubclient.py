"""A typed, synchronous client for the Waymark hub (see server/PROTOCOL.md).

    client = HubClient("https://hub.example.org")
    reg = client.register_org(token, org_public_key, device_id, device_key)   # lead, once
    client = HubClient(url, identity=DeviceIdentity(reg.org_id, reg.device_id, device_key))
    results = client.push([envelope_bytes, ...])
    page = client.pull(cursor, limit=500)       # lead devices only

Every call after registration is signed with the device's Ed25519 key. The transport is
injectable (`httpx.BaseTransport`): tests pass the ASGI app's transport, and a fault-injecting
transport can wrap either. Failures raise a `HubError` subclass; `retryable` says whether trying
the same request again later can help (network failures, 5xx, a stale clock after fixing it).
The client itself never retries: backoff belongs to the caller (the sync worker).
"""

from __future__ import annotations

import ipaddress
import json
import math
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from protocol import framing, signing
from protocol.codec import (
    b64decode,
    b64encode,
    ed25519_public_bytes,
    ed25519_public_from,
    is_uuid,
    x25519_public_bytes,
)

# --- errors -----------------------------------------------------------------------------------


class HubError(Exception):
    """Any failure talking to the hub. `code` is the hub's machine code when it gave one."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, code: str = "",
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.details = details or {}


class HubUnavailable(HubError):
    """Network failure (no route, refused, timeout, TLS) or a 5xx: try again later."""

    retryable = True


class BadRequest(HubError):
    """400/404/422: the hub could not use what was sent (a bug or a damaged envelope)."""


class Unauthorized(HubError):
    """401: unknown device, bad request signature, replay, or a clock outside the window.

    For `code == "stale_request"`, `hub_time` holds the hub's clock (Unix seconds).
    """

    @property
    def hub_time(self) -> int | None:
        value = self.details.get("hub_time")
        return value if isinstance(value, int) else None

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.code in {"stale_request", "replayed_request"}


class Refused(HubError):
    """403: not allowed (field device pulling, used or expired invitation, bad token, ...)."""


class Revoked(Refused):
    """403 `revoked`: this device was revoked; it must stop syncing."""


class Conflict(HubError):
    """409: e.g. the hub holds other bytes under these event ids (`event_ids`)."""

    @property
    def event_ids(self) -> list[str]:
        ids = self.details.get("event_ids", [])
        return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


class TooLarge(HubError):
    """413: request, batch or one envelope too large (`details` names the limit, `index`)."""


class InsecureHub(HubError):
    """A plain-HTTP hub address that is not this computer (see `check_hub_url`)."""


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_hub_url(url: str, *, allow_insecure_http: bool = False) -> None:
    """Refuse a hub address that would send requests in the clear over a network.

    https:// always; http:// only to this computer (a hub or a TLS proxy on loopback), or when
    the user asked for it explicitly (`--allow-insecure-http`), with a warning. Envelopes are
    encrypted either way, but plain HTTP shows who syncs when and how much, and lets anyone
    on the path replay or drop requests."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise InsecureHub("the hub address is not a URL", code="bad_hub_url") from None
    if parsed.scheme == "https" and parsed.host:
        return
    if parsed.scheme != "http" or not parsed.host:
        raise InsecureHub("the hub address must start with https://", code="bad_hub_url")
    if _loopback(parsed.host):
        return
    if not allow_insecure_http:
        raise InsecureHub("the hub address uses plain http:// to another computer: use "
                          "https:// (or, knowingly, --allow-insecure-http)",
                          code="insecure_http")
    warnings.warn("syncing over plain HTTP: anyone on the network path sees when and how much "
                  "this device syncs", InsecureHttpWarning, stacklevel=3)


class InsecureHttpWarning(UserWarning):
    """Plain HTTP to a hub on another computer, allowed explicitly."""


class ProtocolError(HubError):
    """The hub answered something this client does not understand."""


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this device is to the hub: signs every request."""

    org_id: str
    device_id: str
    private_key: Ed25519PrivateKey


@dataclass(frozen=True)
class Registration:
    org_id: str
    device_id: str
    role: Literal["lead", "field"]
    epoch: str


@dataclass(frozen=True)
class PushResult:
    """One envelope of a push: "stored" now, or "duplicate" (the hub already had these bytes)."""

    event_id: str
    status: Literal["stored", "duplicate"]
    seq: int


@dataclass(frozen=True)
class PulledEnvelope:
    seq: int
    data: bytes  # the envelope bytes, exactly as pushed


@dataclass(frozen=True)
class PullPage:
    """One page of a pull. Store `next_cursor` with the applied envelopes, in one transaction.

    `head` is the organisation's latest sequence: more pages follow while next_cursor < head.
    A cursor above `head`, or an `epoch` other than the one recorded, means the hub was restored.
    """

    envelopes: list[PulledEnvelope]
    next_cursor: int
    head: int
    epoch: str


@dataclass(frozen=True)
class EpochInfo:
    epoch: str
    head: int
    role: Literal["lead", "field"]


@dataclass(frozen=True)
class DeviceRecord:
    device_id: str
    public_key: bytes  # raw Ed25519 public key: verify envelopes of this device with it
    role: str
    status: str
    invited_by: str | None
    invitation_id: str | None


# --- client -----------------------------------------------------------------------------------


class HubClient:
    """Synchronous hub client. Not thread-safe: use one per thread (the sync worker's)."""

    def __init__(
        self,
        base_url: str,
        identity: DeviceIdentity | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
        allow_insecure_http: bool = False,
    ) -> None:
        check_hub_url(base_url, allow_insecure_http=allow_insecure_http)
        self.identity = identity
        self._clock = clock
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout,
                                  headers={"User-Agent": "waymark-hubclient/1"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # registration

    def register_org(self, token: str, org_public_key: X25519PublicKey, device_id: str,
                     device_key: Ed25519PrivateKey) -> Registration:
        """Register the organisation's first (lead) device with the one-time token.

        The org id is the part of the token before the dot. On success this client signs
        later calls as that device.
        """
        org_id = token.split(".", 1)[0]
        if not is_uuid(org_id) or "." not in token:
            raise BadRequest("registration token is malformed", code="bad_token")
        identity = DeviceIdentity(org_id, device_id, device_key)
        body = {
            "token": token,
            "org_public_key": b64encode(x25519_public_bytes(org_public_key)),
            "device_public_key": b64encode(ed25519_public_bytes(device_key)),
        }
        data = self._call("POST", "/v1/orgs/register", body, identity=identity)
        self.identity = identity
        return _registration(data)

    def register_device(self, invitation: bytes, device_id: str,
                        device_key: Ed25519PrivateKey) -> Registration:
        """Join the invitation's organisation with a new device key (signed with that key)."""
        try:
            org_id = json.loads(invitation)["org"]
        except (ValueError, KeyError, TypeError):
            raise BadRequest("invitation is not readable", code="bad_invitation") from None
        if not is_uuid(org_id):
            raise BadRequest("invitation is not readable", code="bad_invitation")
        identity = DeviceIdentity(str(org_id), device_id, device_key)
        body = {
            "invitation": invitation.decode("ascii", errors="replace"),
            "device_public_key": b64encode(ed25519_public_bytes(device_key)),
        }
        data = self._call("POST", "/v1/devices/register", body, identity=identity)
        self.identity = identity
        return _registration(data)

    # sync

    def push(self, envelopes: Sequence[bytes]) -> list[PushResult]:
        """Push a batch atomically (binary framing); one result per envelope, in order.

        Raises `Conflict` (nothing stored; `event_ids` names the conflicting ones), `TooLarge`,
        `BadRequest` (`details["index"]` names a malformed envelope), `Refused`/`Revoked`.
        """
        data = self._call("POST", "/v1/envelopes", raw=framing.encode_batch(envelopes))
        try:
            return [PushResult(str(r["event_id"]), r["status"], int(r["seq"]))
                    for r in data["results"]]
        except (KeyError, TypeError, ValueError):
            raise ProtocolError("unexpected push response") from None

    def pull(self, cursor: int = 0, limit: int = 500) -> PullPage:
        """Envelopes after `cursor`, in order (lead devices only)."""
        response = self._send("GET", "/v1/envelopes", params={"after": cursor, "limit": limit})
        if not response.is_success:
            _decode(response)
        try:
            page = framing.decode_page(response.content)
        except framing.FramingError:
            raise ProtocolError("unexpected pull response", status=response.status_code
                                ) from None
        return PullPage(envelopes=[PulledEnvelope(seq, data) for seq, data in page.envelopes],
                        next_cursor=page.next_cursor, head=page.head, epoch=page.epoch)

    def epoch(self) -> EpochInfo:
        data = self._call("GET", "/v1/epoch")
        try:
            return EpochInfo(str(data["epoch"]), int(data["head"]), data["role"])
        except (KeyError, TypeError, ValueError):
            raise ProtocolError("unexpected epoch response") from None

    def missing(self, event_ids: Iterable[str], *, chunk: int = 5000) -> list[str]:
        """Which of `event_ids` the hub lacks (asks in chunks under the hub's limit)."""
        ids = list(event_ids)
        lacking: list[str] = []
        for start in range(0, len(ids), chunk):
            data = self._call("POST", "/v1/envelopes/missing",
                              {"event_ids": ids[start : start + chunk]})
            try:
                lacking.extend(str(i) for i in data["missing"])
            except (KeyError, TypeError):
                raise ProtocolError("unexpected missing response") from None
        return lacking

    def devices(self) -> list[DeviceRecord]:
        """The organisation's devices with their public keys (lead devices only)."""
        data = self._call("GET", "/v1/devices")
        try:
            return [
                DeviceRecord(str(d["device_id"]), b64decode(d["public_key"]), str(d["role"]),
                             str(d["status"]), d.get("invited_by"), d.get("invitation_id"))
                for d in data["devices"]
            ]
        except (KeyError, TypeError, ValueError):
            raise ProtocolError("unexpected devices response") from None

    def revoke(self, device_id: str) -> bool:
        """Revoke a device of this organisation (lead only); False if it already was."""
        data = self._call("POST", f"/v1/devices/{device_id}/revoke")
        return bool(data.get("revoked"))

    # plumbing

    def _call(self, method: str, path: str, body: Any = None, *,
              params: dict[str, Any] | None = None, raw: bytes | None = None,
              identity: DeviceIdentity | None = None) -> dict[str, Any]:
        return _decode(self._send(method, path, body, params=params, raw=raw,
                                  identity=identity))

    def _send(self, method: str, path: str, body: Any = None, *,
              params: dict[str, Any] | None = None, raw: bytes | None = None,
              identity: DeviceIdentity | None = None) -> httpx.Response:
        who = identity or self.identity
        if who is None:
            raise HubError("this client has no device identity yet: register first")
        if raw is not None:
            content, media = raw, framing.MEDIA_TYPE
        else:
            content = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
            media = "application/json" if body is not None else ""
        request = self._http.build_request(method, path, params=params, content=content)
        raw_path = request.url.raw_path.decode("ascii")
        path_part, _, query = raw_path.partition("?")
        request.headers.update(signing.sign_headers(
            who.private_key, method=method, path=path_part, query=query, org_id=who.org_id,
            device_id=who.device_id, body=content, timestamp=math.floor(self._clock()),
        ))
        if media:
            request.headers["Content-Type"] = media
        try:
            return self._http.send(request)
        except httpx.TransportError as exc:
            raise HubUnavailable(f"cannot reach the hub: {type(exc).__name__}") from exc


def _decode(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.is_success:
        if not isinstance(data, dict):
            raise ProtocolError("the hub's answer is not a JSON object",
                                status=response.status_code)
        return data
    error = data.get("error") if isinstance(data, dict) else None
    error = error if isinstance(error, dict) else {}
    code = str(error.get("code", ""))
    message = str(error.get("message", f"hub answered HTTP {response.status_code}"))
    details = {k: v for k, v in error.items() if k not in {"code", "message"}}
    status = response.status_code
    kind: type[HubError]
    if status >= 500:
        kind = HubUnavailable
    elif status == 401:
        kind = Unauthorized
    elif status == 403:
        kind = Revoked if code == "revoked" else Refused
    elif status == 409:
        kind = Conflict
    elif status == 413:
        kind = TooLarge
    elif status in (400, 404, 405, 422):
        kind = BadRequest
    else:
        kind = ProtocolError
    raise kind(message, status=status, code=code, details=details)


def _registration(data: dict[str, Any]) -> Registration:
    try:
        return Registration(str(data["org_id"]), str(data["device_id"]), data["role"],
                            str(data["epoch"]))
    except (KeyError, TypeError):
        raise ProtocolError("unexpected registration response") from None


def public_key_of(record: DeviceRecord) -> Ed25519PublicKey:
    """The Ed25519 public key object of a device record (for envelope.open/verify)."""
    return ed25519_public_from(record.public_key)
