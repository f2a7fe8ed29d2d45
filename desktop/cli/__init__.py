"""Headless commands. This package's own import is names only: `desktop.__main__` chooses GUI
or CLI from `COMMANDS` without importing any command."""

from __future__ import annotations

# Every command with its one-line help, in the order `waymark --help` lists them (the
# command line builds only the parser of the command it runs: desktop.cli.main).
SUMMARIES = {
    "init": "create a new vault with its first admin",
    "demo": "create or fill a vault with clearly fictional records",
    "check": "verify encryption integrity, audit chain, projections",
    "people": "people in the vault",
    "checklists": "the indicator checklists Waymark ships",
    "forms": "the referral forms Waymark can print",
    "export": "print a referral form for one person to a PDF file",
    "org": "join this vault to an organisation's sync hub",
    "sync": "push waiting records to the hub and (lead devices) pull",
    "report": "a periodic report (counts, small ones suppressed) to PDF and optionally CSV; "
              "leads and admins",
    "export-htcds": "anonymised case data in the HTCDS shape (CSV); leads and admins",
    "intake": "receive a group handed back at a border gate",
    "coach": "classify a staff turn: --lang en|vi [--json] TEXT, or - for stdin",
}
COMMANDS = tuple(SUMMARIES)

# The same ids as desktop.content.jurisdictions.JURISDICTIONS (a test keeps them equal); named
# here so that building the argument parser does not load the pathways and their YAML.
JURISDICTIONS = ("england", "vietnam")
