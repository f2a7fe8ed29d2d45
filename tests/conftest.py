"""Shared test set-up: fast (but DESIGN-minimum) key derivation, headless Qt."""

from __future__ import annotations

import os

# 64 MiB Argon2id: DESIGN.md's floor. The standard 256 MiB profile is measured in bench/.
os.environ.setdefault("WAYMARK_KDF_PROFILE", "floor")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
