"""Request and response bodies (pydantic), used for parsing and for the OpenAPI document."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterOrgRequest(_Strict):
    token: str
    org_public_key: str  # base64 of the raw 32-byte X25519 public key
    device_public_key: str  # base64 of the raw 32-byte Ed25519 public key


class RegisterDeviceRequest(_Strict):
    invitation: str  # the invitation's canonical JSON text, exactly as signed
    device_public_key: str


class Registration(BaseModel):
    org_id: str
    device_id: str
    role: Literal["lead", "field"]
    epoch: str


class PushItem(BaseModel):
    event_id: str
    status: Literal["stored", "duplicate"]
    seq: int


class PushResponse(BaseModel):
    results: list[PushItem]
    head: int
    epoch: str


class MissingRequest(_Strict):
    event_ids: list[str]


class MissingResponse(BaseModel):
    missing: list[str]
    epoch: str


class EpochResponse(BaseModel):
    epoch: str
    head: int
    role: Literal["lead", "field"]


class DeviceInfo(BaseModel):
    device_id: str
    public_key: str
    role: str
    status: str
    invited_by: str | None
    invitation_id: str | None


class DevicesResponse(BaseModel):
    devices: list[DeviceInfo]


class RevokeResponse(BaseModel):
    device_id: str
    revoked: bool  # False when it was already revoked


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail
