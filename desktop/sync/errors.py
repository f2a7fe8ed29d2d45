"""Sync failures shared by the vault side and the network side."""

from __future__ import annotations


class UnknownDevice(Exception):
    """A pulled envelope names a device whose key this vault has not fetched yet."""

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id)
        self.device_id = device_id
