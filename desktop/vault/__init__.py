"""The encrypted vault: key header, SQLCipher store, event log, projections, audit chain."""
