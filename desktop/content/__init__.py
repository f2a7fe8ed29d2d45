"""Data-driven content: checklists, the disclosure coach, jurisdictions."""
