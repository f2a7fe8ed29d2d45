"""Waymark: offline-first, encrypted safeguarding records."""

from __future__ import annotations

__version__ = "0.1.0"
