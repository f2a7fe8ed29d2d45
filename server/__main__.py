"""`waymark-hub`: serve the hub and administer it.

    waymark-hub serve --db sqlite:///PATH/hub.db --host 127.0.0.1 --port 8443 \
        [--cert fullchain.pem --key privkey.pem]      # TLS served by the hub itself
    waymark-hub create-org --db URL --name NAME      # the token is alone on the last line
    waymark-hub revoke-device --db URL --org ORG_ID --device DEVICE_ID
    waymark-hub new-epoch --db URL                   # after restoring a backup
    waymark-hub migrate --db URL

--db defaults to $WAYMARK_HUB_DB. Every command migrates the database first.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from server import db, store

if TYPE_CHECKING:
    from fastapi import FastAPI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waymark-hub", description="Waymark sync hub")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=os.environ.get("WAYMARK_HUB_DB"),
                       help="database URL: sqlite:///PATH or postgresql+psycopg://...")
        return p

    serve = with_db("serve", "run the hub (HTTPS with --cert/--key; otherwise plain HTTP for "
                             "a TLS reverse proxy on the same machine)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (signature checks are CPU-bound: about one a core)")
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--cert", default=None,
                       help="PEM certificate chain: the hub serves HTTPS itself (with --key)")
    serve.add_argument("--key", default=None, help="PEM private key of --cert")
    create = with_db("create-org", "create an organisation and print its one-time token")
    create.add_argument("--name", required=True)
    revoke = with_db("revoke-device", "revoke a device (refused from then on)")
    revoke.add_argument("--org", required=True)
    revoke.add_argument("--device", required=True)
    with_db("new-epoch", "start a new epoch: run this after restoring a backup")
    with_db("migrate", "create or upgrade the database schema")
    return parser


def app_from_env() -> FastAPI:
    """The app for one uvicorn worker process (`serve --workers N`); already migrated."""
    from server.app import create_app

    return create_app(db.make_engine(os.environ["WAYMARK_HUB_DB"]))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.db:
        print("waymark-hub: give --db URL (or set WAYMARK_HUB_DB)", file=sys.stderr)
        return 2
    engine = db.make_engine(args.db)
    try:
        db.migrate(engine)
    except db.DatabaseTooNew as exc:
        print(f"waymark-hub: {exc}", file=sys.stderr)
        return 1
    if args.command == "serve":
        import uvicorn

        if (args.cert is None) != (args.key is None):
            print("waymark-hub: give both --cert and --key (or neither)", file=sys.stderr)
            return 2
        for path in (args.cert, args.key):
            if path is not None and not os.access(path, os.R_OK):
                print(f"waymark-hub: cannot read {path}", file=sys.stderr)
                return 2

        from server.app import create_app

        logging.basicConfig(level=args.log_level.upper(),
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")
        if args.workers > 1:
            # Each worker process builds its own engine and app from the environment.
            engine.dispose()
            os.environ["WAYMARK_HUB_DB"] = args.db
            uvicorn.run("server.__main__:app_from_env", factory=True, workers=args.workers,
                        host=args.host, port=args.port, log_level=args.log_level,
                        ssl_certfile=args.cert, ssl_keyfile=args.key)
        else:
            uvicorn.run(create_app(engine), host=args.host, port=args.port,
                        log_level=args.log_level, ssl_certfile=args.cert,
                        ssl_keyfile=args.key)
        return 0
    if args.command == "create-org":
        org_id, token = store.create_org(engine, args.name, time.time)
        print(f"Organisation {org_id} created.")
        print("One-time registration token for the lead's device (shown only now):")
        print(token)
        return 0
    if args.command == "revoke-device":
        from server.errors import HubError

        try:
            changed = store.revoke(engine, args.org, args.device, time.time)
        except HubError as exc:
            print(f"waymark-hub: {exc.message}", file=sys.stderr)
            return 1
        print("revoked" if changed else "already revoked")
        return 0
    if args.command == "new-epoch":
        print(f"new epoch: {db.new_epoch(engine)}")
        return 0
    print("database is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
