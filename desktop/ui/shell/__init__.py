"""The main window and what surrounds it: start-up, unlock, lock, first run."""
