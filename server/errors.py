"""Refusals the hub answers with: always a 4xx and a JSON body {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """A refusal with its HTTP status, a stable machine code and a message without user data."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


def bad_request(message: str, **extra: Any) -> HubError:
    return HubError(400, "bad_request", message, **extra)


def unauthenticated(code: str, message: str, **extra: Any) -> HubError:
    return HubError(401, code, message, **extra)


def forbidden(code: str, message: str, **extra: Any) -> HubError:
    return HubError(403, code, message, **extra)


def too_large(code: str, message: str, **extra: Any) -> HubError:
    return HubError(413, code, message, **extra)
