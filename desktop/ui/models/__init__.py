"""Qt item models, testable without widgets."""
