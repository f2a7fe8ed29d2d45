"""Headless commands. This package's own import is names only: `desktop.__main__` chooses GUI
or CLI from `COMMANDS` without importing any command."""

from __future__ import annotations

COMMANDS = ("init", "demo", "check", "people", "checklists", "coach", "forms", "export",
            "org", "sync", "report", "export-htcds", "intake")
# The same ids as desktop.content.jurisdictions.JURISDICTIONS (a test keeps them equal); named
# here so that building the argument parser does not load the pathways and their YAML.
JURISDICTIONS = ("england", "vietnam")
