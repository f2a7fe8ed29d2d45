"""The hub's HTTP API (FastAPI). See PROTOCOL.md for the contract.

Endpoints are async only to read the body under a size limit; database and signature work runs
in the thread pool. Every refusal is a 4xx with {"error": {"code", "message", ...}}; nothing a
client sends should produce a 5xx. Logs carry ids and counts, never envelope bytes.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from protocol import envelope as env
from protocol import framing, signing
from protocol import invitation as inv
from protocol.codec import EncodingError, b64decode, b64encode, ed25519_public_from, is_uuid
from server import store
from server.errors import HubError, bad_request, forbidden, too_large, unauthenticated
from server.limits import Limits
from server.models import (
    DeviceInfo,
    DevicesResponse,
    EpochResponse,
    ErrorResponse,
    MissingRequest,
    MissingResponse,
    PushItem,
    PushResponse,
    RegisterDeviceRequest,
    RegisterOrgRequest,
    Registration,
    RevokeResponse,
)

log = logging.getLogger("waymark.hub")
M = TypeVar("M", bound=BaseModel)
_MAX_SEQ = 2**62  # BIGINT-safe bound for cursors
_TIME = re.compile(r"\A[0-9]{1,12}\Z")
_DIGITS = re.compile(r"\A[0-9]{1,19}\Z")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 409, 413, 422)
}
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_BATCH_DOC: dict[str, Any] = {"requestBody": {"required": True, "content": {
    framing.MEDIA_TYPE: _BINARY}}}
_PAGE_DOC: dict[str, Any] = {"description": "A binary page of envelopes (protocol/framing.py)",
                             "content": {framing.MEDIA_TYPE: _BINARY}}


@dataclass(frozen=True)
class Caller:
    """A device whose request signature verified."""

    org_id: str
    device_id: str
    role: str
    public_key: bytes


@dataclass(frozen=True)
class _Signed:
    org_id: str
    device_id: str
    nonce: str
    signature: str
    message: bytes
    body: bytes


class Hub:
    """The pieces every endpoint needs: the engine, limits and the clock (injectable for tests)."""

    def __init__(self, engine: Engine, limits: Limits, clock: Callable[[], float]) -> None:
        self.engine = engine
        self.limits = limits
        self.clock = clock

    async def read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None:
            if not _DIGITS.match(declared):
                raise bad_request("Content-Length is not a number")
            if int(declared) > self.limits.max_request_bytes:
                raise _request_too_large(self.limits)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.limits.max_request_bytes:
                raise _request_too_large(self.limits)
            chunks.append(chunk)
        return b"".join(chunks)

    async def signed(self, request: Request) -> _Signed:
        """Check the auth headers' form and the time window; the signature is checked later."""
        headers = request.headers
        values = {h: headers.get(h) for h in (signing.ORG, signing.DEVICE, signing.TIME,
                                               signing.NONCE, signing.SIGNATURE)}
        absent = [h for h, v in values.items() if not v]
        if absent:
            raise unauthenticated("unauthenticated", "signed request headers are missing",
                                  missing=absent)
        org_id, device_id = values[signing.ORG], values[signing.DEVICE]
        stamp, nonce = values[signing.TIME], values[signing.NONCE]
        assert org_id and device_id and stamp and nonce
        if not is_uuid(org_id) or not is_uuid(device_id):
            raise unauthenticated("unauthenticated", "organisation and device ids must be UUIDs")
        # ASCII digits only: str.isdigit() also accepts "٣" or "²", which int() then rejects
        # or reads as another number.
        if not _TIME.match(stamp) or not signing.valid_nonce(nonce):
            raise unauthenticated("unauthenticated", "request time or nonce is malformed")
        now = self.clock()
        if abs(now - int(stamp)) > self.limits.clock_window_seconds:
            raise unauthenticated(
                "stale_request",
                "request time is too far from the hub's clock; check the device's clock",
                hub_time=int(now),
            )
        body = await self.read_body(request)
        raw_path = request.scope.get("raw_path") or request.url.path.encode("utf-8")
        try:
            message = signing.request_message(
                method=request.method,
                path=raw_path.decode("ascii"),
                query=request.scope.get("query_string", b"").decode("ascii"),
                org_id=org_id, device_id=device_id, timestamp=int(stamp), nonce=nonce, body=body,
            )
        except (UnicodeDecodeError, ValueError):
            raise bad_request("request path or query is not ASCII") from None
        return _Signed(org_id, device_id, nonce, values[signing.SIGNATURE] or "", message, body)

    async def authenticate(self, request: Request) -> tuple[Caller, bytes]:
        """Verify a registered device's signed request; returns the caller and the body."""
        signed = await self.signed(request)

        def check(device: store.Device) -> None:
            if not signing.verify_signature(
                ed25519_public_from(device.public_key), signed.signature, signed.message
            ):
                raise unauthenticated("bad_request_signature", "request signature does not verify")
            if device.status != "active":
                raise forbidden("revoked", "this device has been revoked")

        device = await run_in_threadpool(
            store.authenticate, self.engine, signed.org_id, signed.device_id, signed.nonce,
            int(self.clock()), self.limits.clock_window_seconds, check,
        )
        caller = Caller(signed.org_id, signed.device_id, device.role, device.public_key)
        return caller, signed.body


def _request_too_large(limits: Limits) -> HubError:
    return too_large("request_too_large", "request body is too large",
                     max_request_bytes=limits.max_request_bytes)


def _parse(model: type[M], body: bytes) -> M:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) or "body" for e in exc.errors()})
        raise bad_request("request body does not match the expected JSON", fields=fields[:20]
                          ) from None


def _body_doc(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": model.model_json_schema()}}}}


def _public_key(text: str, what: str) -> bytes:
    try:
        data = b64decode(text, what=what)
    except EncodingError:
        data = b""
    if len(data) != 32:
        raise bad_request(f"{what} must be base64 of a raw 32-byte public key")
    return data


def _require_lead(caller: Caller) -> None:
    if caller.role != "lead":
        raise forbidden("lead_only", "only lead devices may do this")


def create_app(engine: Engine, *, limits: Limits | None = None,
               clock: Callable[[], float] = time.time) -> FastAPI:
    """The hub application on a migrated database (see server.db.migrate)."""
    hub = Hub(engine, limits or Limits(), clock)
    app = FastAPI(
        title="Waymark hub",
        version="1",
        description="Stores encrypted envelopes for offline-first Waymark devices. "
        "See server/PROTOCOL.md.",
    )
    app.state.hub = hub
    _install_error_handlers(app)

    @app.get("/healthz", include_in_schema=True)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/orgs/register", response_model=Registration, responses=_ERRORS,
              openapi_extra=_body_doc(RegisterOrgRequest))
    async def register_org(request: Request) -> Registration:
        """The lead's first device: one-time token, org public key, its own device key."""
        signed = await hub.signed(request)
        req = _parse(RegisterOrgRequest, signed.body)
        org_key = _public_key(req.org_public_key, "org_public_key")
        device_key = _public_key(req.device_public_key, "device_public_key")
        org_id, _ = store.split_token(req.token)
        if org_id != signed.org_id:
            raise bad_request("the token is for another organisation than the headers name")
        if not signing.verify_signature(ed25519_public_from(device_key), signed.signature,
                                        signed.message):
            raise unauthenticated("bad_request_signature",
                                  "request signature does not verify with device_public_key")
        hub_epoch = await run_in_threadpool(
            lambda: store.register_org(
                hub.engine, token=req.token, org_public_key=org_key,
                device_id=signed.device_id, device_public_key=device_key, nonce=signed.nonce,
                clock=hub.clock, window=hub.limits.clock_window_seconds,
            )
        )
        return Registration(org_id=org_id, device_id=signed.device_id, role="lead",
                            epoch=hub_epoch)

    @app.post("/v1/devices/register", response_model=Registration, responses=_ERRORS,
              openapi_extra=_body_doc(RegisterDeviceRequest))
    async def register_device(request: Request) -> Registration:
        """A device joins with a lead-signed invitation; signed with its new key."""
        signed = await hub.signed(request)
        req = _parse(RegisterDeviceRequest, signed.body)
        device_key = _public_key(req.device_public_key, "device_public_key")
        try:
            invitation = inv.parse_invitation(req.invitation.encode("utf-8"))
        except inv.InvitationError as exc:
            raise bad_request(str(exc)) from None
        if invitation.org_id != signed.org_id:
            raise bad_request("the invitation is for another organisation than the headers name")
        if not signing.verify_signature(ed25519_public_from(device_key), signed.signature,
                                        signed.message):
            raise unauthenticated("bad_request_signature",
                                  "request signature does not verify with device_public_key")

        def verify(inviter_key: bytes) -> None:
            try:
                inv.verify_invitation(invitation.data, ed25519_public_from(inviter_key),
                                      now=datetime.fromtimestamp(hub.clock(), UTC))
            except inv.InvitationExpired:
                raise forbidden("invitation_expired", "the invitation has expired") from None
            except inv.InvitationError:
                raise forbidden("bad_invitation", "the invitation signature does not verify"
                                ) from None

        hub_epoch = await run_in_threadpool(
            lambda: store.register_device(
                hub.engine, invitation=invitation, device_id=signed.device_id,
                device_public_key=device_key, nonce=signed.nonce, clock=hub.clock,
                window=hub.limits.clock_window_seconds, verify=verify,
            )
        )
        return Registration(org_id=invitation.org_id, device_id=signed.device_id,
                            role="lead" if invitation.role == "lead" else "field",
                            epoch=hub_epoch)

    @app.post("/v1/envelopes", response_model=PushResponse, responses=_ERRORS,
              openapi_extra=_BATCH_DOC)
    async def push(request: Request) -> PushResponse:
        """Push a batch (binary framing, see protocol/framing.py), atomically: all stored (or
        duplicates) or nothing."""
        caller, body = await hub.authenticate(request)
        envelopes = _batch(hub.limits, body)
        items = await run_in_threadpool(
            _verify_batch, caller, envelopes,
            lambda ids: store.known_hashes(hub.engine, caller.org_id, ids),
        )
        results, head, hub_epoch = await run_in_threadpool(
            store.push, hub.engine, caller.org_id, caller.device_id, items, hub.clock
        )
        return PushResponse(
            results=[PushItem(event_id=r.event_id, status=r.status, seq=r.seq) for r in results],
            head=head, epoch=hub_epoch,
        )

    @app.get("/v1/envelopes", responses={**_ERRORS, 200: _PAGE_DOC})
    async def pull(request: Request, after: int = 0, limit: int | None = None) -> Response:
        """Envelopes after the cursor, in sequence order (lead devices only), as one binary
        page (see protocol/framing.py)."""
        caller, _ = await hub.authenticate(request)
        _require_lead(caller)
        size = hub.limits.default_pull if limit is None else limit
        if not 0 <= after <= _MAX_SEQ or not 1 <= size <= hub.limits.max_pull:
            raise bad_request(f"after must be >= 0 and limit between 1 and {hub.limits.max_pull}")
        rows, head, hub_epoch = await run_in_threadpool(
            store.pull, hub.engine, caller.org_id, after, size
        )
        page = framing.Page(rows, rows[-1][0] if rows else after, head, hub_epoch)
        return Response(framing.encode_page(page), media_type=framing.MEDIA_TYPE)

    @app.post("/v1/envelopes/missing", response_model=MissingResponse, responses=_ERRORS,
              openapi_extra=_body_doc(MissingRequest))
    async def missing(request: Request) -> MissingResponse:
        """Which of these event ids the hub lacks (to re-offer after an epoch change)."""
        caller, body = await hub.authenticate(request)
        req = _parse(MissingRequest, body)
        if len(req.event_ids) > hub.limits.max_missing_ids:
            raise too_large("too_many_ids", "too many event ids in one request",
                            max_missing_ids=hub.limits.max_missing_ids)
        if not all(is_uuid(e) for e in req.event_ids):
            raise bad_request("event ids must be lower-case UUIDs")
        # A field device learns only about envelopes it pushed itself: it cannot probe for
        # other devices' event ids. Leads read everything anyway.
        lacking, hub_epoch = await run_in_threadpool(
            store.missing, hub.engine, caller.org_id, req.event_ids,
            None if caller.role == "lead" else caller.device_id,
        )
        return MissingResponse(missing=lacking, epoch=hub_epoch)

    @app.get("/v1/epoch", response_model=EpochResponse, responses=_ERRORS)
    async def epoch(request: Request) -> EpochResponse:
        """The hub's epoch (changes after a restore) and this organisation's head sequence."""
        caller, _ = await hub.authenticate(request)
        head, hub_epoch = await run_in_threadpool(store.head_and_epoch, hub.engine, caller.org_id)
        return EpochResponse(epoch=hub_epoch, head=head,
                             role="lead" if caller.role == "lead" else "field")

    @app.get("/v1/devices", response_model=DevicesResponse, responses=_ERRORS)
    async def devices(request: Request) -> DevicesResponse:
        """The organisation's devices and their public keys (lead devices only)."""
        caller, _ = await hub.authenticate(request)
        _require_lead(caller)
        rows = await run_in_threadpool(store.list_devices, hub.engine, caller.org_id)
        return DevicesResponse(devices=[
            DeviceInfo(**{**r, "public_key": b64encode(r["public_key"])}) for r in rows
        ])

    @app.post("/v1/devices/{device_id}/revoke", response_model=RevokeResponse, responses=_ERRORS)
    async def revoke(request: Request, device_id: str) -> RevokeResponse:
        """Revoke a device of the caller's organisation (lead devices only)."""
        caller, _ = await hub.authenticate(request)
        _require_lead(caller)
        if not is_uuid(device_id):
            raise bad_request("device id must be a lower-case UUID")
        changed = await run_in_threadpool(
            store.revoke, hub.engine, caller.org_id, device_id, hub.clock
        )
        return RevokeResponse(device_id=device_id, revoked=changed)

    return app


def _batch(limits: Limits, body: bytes) -> list[bytes]:
    """The envelopes of a push body; every framing fault is a 4xx that says what is wrong."""
    try:
        return framing.decode_batch(body, max_count=limits.max_batch,
                                    max_envelope=limits.max_envelope_bytes)
    except framing.TooManyEnvelopes:
        raise too_large("batch_too_large", "too many envelopes in one request",
                        max_batch=limits.max_batch) from None
    except framing.EnvelopeTooLarge as exc:
        raise too_large("envelope_too_large", "an envelope is too large", index=exc.index,
                        max_envelope_bytes=limits.max_envelope_bytes) from None
    except framing.OldFraming as exc:
        raise HubError(400, "unsupported_framing", str(exc)) from None
    except framing.FramingError as exc:
        raise HubError(400, "malformed_batch", str(exc)) from None


def _verify_batch(caller: Caller, envelopes: list[bytes],
                  known: Callable[[list[str]], dict[str, str]]) -> list[tuple[env.Routing, bytes]]:
    """Check every envelope of a batch; the first bad one refuses the whole batch.

    `known(event_ids)` gives the hashes the hub already holds: an envelope with exactly those
    bytes was verified when it was stored, so retries and re-offers skip the signature check.
    """
    key = ed25519_public_from(caller.public_key)
    items: list[tuple[env.Routing, bytes]] = []
    for index, data in enumerate(envelopes):
        try:
            route = env.routing(data)
        except env.MalformedEnvelope as exc:
            raise HubError(422, "malformed_envelope", str(exc), index=index) from None
        _check_routing(caller, route, index)
        items.append((route, data))
    held = known([route.event_id for route, _ in items])
    for index, (route, data) in enumerate(items):
        if held.get(route.event_id) == route.sha256:
            continue
        try:
            env.verify(data, key)
        except env.BadSignature:
            raise HubError(422, "bad_envelope_signature",
                           "envelope signature does not verify with this device's key",
                           index=index) from None
    return items


def _check_routing(caller: Caller, route: env.Routing, index: int) -> None:
    if route.org_id != caller.org_id:
        raise forbidden("envelope_org_mismatch",
                        "envelope is for another organisation than the caller's", index=index)
    if route.device_id != caller.device_id:
        raise forbidden("envelope_device_mismatch",
                        "envelope names another device than the caller", index=index)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        headers = {"X-Waymark-Hub-Time": str(int(time.time()))} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = sorted({".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()})
        body = bad_request("request parameters are invalid", fields=fields[:20]).body()
        return JSONResponse(body, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse({"error": {"code": code, "message": str(exc.detail)}},
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # The type only: messages of database errors can quote stored bytes.
        log.error("internal error: %s", type(exc).__name__)
        return JSONResponse({"error": {"code": "internal", "message": "internal hub error"}},
                            status_code=500)
