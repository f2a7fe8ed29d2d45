"""Windows that create and show records."""
