"""Headless commands: the parser (`main`) and one module per command group."""
