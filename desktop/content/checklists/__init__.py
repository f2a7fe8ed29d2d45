"""Indicator checklists: versioned frameworks loaded from resources/checklists/*.yaml."""
