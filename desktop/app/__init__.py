"""The application layer: every use case the interface and the command line share.

`services.Services` binds the per-record services to one unlocked vault; `session.Session` owns
it. Nothing here imports Qt. This package's own import is light on purpose: each face imports
only the modules a command or screen needs.
"""
