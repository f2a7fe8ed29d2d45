"""Words for the interface: record labels and error messages."""
