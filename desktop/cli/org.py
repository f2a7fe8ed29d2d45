"""`waymark org ...` and `waymark sync ...`: membership of an organisation's hub, sync rounds
and bundle files. One-time secrets come from standard input or a file, never from argv."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli import SUMMARIES
from desktop.cli.main import (
    BAD_INPUT,
    CHECK_FAILED,
    OK,
    CliError,
    _pass_arg,
    _unlock,
    _vault_arg,
)


def _secret_args(p: argparse.ArgumentParser, name: str, what: str) -> None:
    """--NAME-stdin / --NAME-file for a one-time secret; --NAME itself only refuses (argv is
    visible to every user in `ps` and lands in shell history)."""
    p.add_argument(f"--{name}", dest=f"{name}_argv", default=None, help=argparse.SUPPRESS)
    p.add_argument(f"--{name}-stdin", action="store_true",
                   help=f"read the {what} from the line after the passphrase on standard input")
    p.add_argument(f"--{name}-file", type=Path, default=None,
                   help=f"read the {what} from the first line of this file")


def read_secret(args: argparse.Namespace, name: str, what: str) -> str:
    """A one-time secret from standard input (after the passphrase) or a file, never argv."""
    attr = name.replace("-", "_")
    if getattr(args, f"{attr}_argv") is not None:
        raise CliError(f"--{name} is not accepted: the command line is visible to other users "
                       f"and kept in shell history. Pass the {what} with --{name}-stdin (on the "
                       f"line after the passphrase) or --{name}-file PATH")
    stdin, path = getattr(args, f"{attr}_stdin"), getattr(args, f"{attr}_file")
    if stdin == (path is not None):
        raise CliError(f"give the {what} with exactly one of --{name}-stdin or --{name}-file")
    if stdin:
        text = sys.stdin.readline()
        where = "on the line after the passphrase on standard input"
    else:
        try:
            text = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size \
                else ""
        except (OSError, UnicodeDecodeError, IndexError):
            raise CliError(f"--{name}-file: cannot read {path}") from None
        where = f"in {path}"
    secret = text.strip()
    if not secret:
        raise CliError(f"no {what} {where}")
    return secret


def _insecure_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-insecure-http", action="store_true",
                   help="allow a plain http:// hub on another computer (not recommended: "
                        "use https://); http:// to this computer is always allowed")


def allow_insecure() -> None:
    from desktop.app import sync_rounds

    sync_rounds.allow_insecure_http()
    print("waymark: warning: plain HTTP allowed: anyone on the network path sees when and "
          "how much this device syncs, and can drop or delay requests", file=sys.stderr)


def add_org(sub: Any) -> None:
    p = sub.add_parser("org", help=SUMMARIES["org"])
    org_sub = p.add_subparsers(dest="org_command", metavar="SUBCOMMAND", required=True)
    o = org_sub.add_parser("connect", help="on a lead's vault: create the organisation key "
                                           "pair, register it and this device with the hub")
    _vault_arg(o)
    o.add_argument("--user", required=True)
    _pass_arg(o)
    o.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example")
    _secret_args(o, "token", "one-time token from create-org")
    _insecure_arg(o)
    o.set_defaults(func=cmd_org_connect)
    o = org_sub.add_parser("enrol", help="an enrolment file for a new device; prints its "
                                         "one-time code on the last line")
    _vault_arg(o)
    o.add_argument("--user", required=True)
    _pass_arg(o)
    o.add_argument("--role", required=True, choices=("field", "lead"))
    o.add_argument("--out", required=True, type=Path)
    o.add_argument("--days", type=int, default=7, help="days the invitation stays valid")
    o.set_defaults(func=cmd_org_enrol)
    o = org_sub.add_parser("join", help="join with an enrolment file and its code")
    _vault_arg(o)
    o.add_argument("--user", required=True)
    _pass_arg(o)
    o.add_argument("--enrolment", required=True, type=Path)
    _secret_args(o, "code", "one-time code given with the enrolment file")
    _insecure_arg(o)
    o.set_defaults(func=cmd_org_join)
    o = org_sub.add_parser("devices", help="the organisation's devices and their status, as "
                                           "this vault last heard from the hub")
    _vault_arg(o)
    o.add_argument("--user", required=True)
    _pass_arg(o)
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_org_devices)


def add_sync(sub: Any) -> None:
    p = sub.add_parser("sync", help=SUMMARIES["sync"])
    _vault_arg(p)
    p.add_argument("--user", required=False)
    _pass_arg(p)
    p.add_argument("--json", action="store_true")
    _insecure_arg(p)
    p.set_defaults(func=cmd_sync)
    sync_sub = p.add_subparsers(dest="sync_command", metavar="SUBCOMMAND")
    b = sync_sub.add_parser("export-bundle", help="every envelope of this device, to a file")
    _vault_arg(b)
    b.add_argument("--user", required=True)
    _pass_arg(b)
    b.add_argument("--out", required=True, type=Path)
    b.set_defaults(func=cmd_sync_export_bundle)
    b = sync_sub.add_parser("import-bundle", help="apply a bundle file (lead devices)")
    _vault_arg(b)
    b.add_argument("--user", required=True)
    _pass_arg(b)
    b.add_argument("--bundle", required=True, type=Path)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_sync_import_bundle)


def _hub_error(exc: Exception) -> CliError:
    from desktop.app import sync_rounds as rounds

    words = {
        rounds.UNREACHABLE: "cannot reach the hub (no connection, or the hub is down); nothing "
                            "was lost: run sync again later",
        rounds.REVOKED: "the hub has revoked this device: it can no longer sync",
        rounds.CLOCK: "this computer's clock differs from the hub's by more than 5 minutes: "
                      "correct the clock and sync again",
    }
    code = rounds.failure_code(exc)
    if code in words:
        return CliError(words[code], CHECK_FAILED)
    if code == rounds.INSECURE:
        return CliError(str(exc), BAD_INPUT)
    if code == rounds.REFUSED:
        return CliError(f"the hub refused: {getattr(exc, 'code', '') or exc}", CHECK_FAILED)
    return CliError(str(exc))


def cmd_org_connect(args: argparse.Namespace) -> int:
    from desktop.app import membership

    session, services = _unlock(args)
    try:
        token = read_secret(args, "token", "one-time token")
        try:
            plan = membership.prepare_connect(services, args.hub, token)
            plan = membership.register_connect(plan)
        except membership.HubError as exc:
            raise _hub_error(exc) from None
        reg = membership.finish_connect(services, plan)
    finally:
        session.close()
    print(f"connected: organisation {reg.org_id}, this device {reg.device_id} ({reg.role})")
    return OK


def cmd_org_enrol(args: argparse.Namespace) -> int:
    from desktop.app.exports import write_private

    session, services = _unlock(args)
    try:
        if not args.out.parent.is_dir():
            raise CliError(f"--out: the folder {args.out.parent} does not exist")
        data, code = services.sync.invite(args.role, args.days)
        write_private(args.out, data)
    finally:
        session.close()
    print(f"enrolment file for a {args.role} device written to {args.out}; give the code "
          "separately (read it out or write it down), never with the file:")
    print(code)
    return OK


def cmd_org_join(args: argparse.Namespace) -> int:
    from desktop.app import membership

    if getattr(args, "code_argv", None) is not None:
        read_secret(args, "code", "one-time code")  # refuses before anything is unlocked
    try:
        data = args.enrolment.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.enrolment}: {exc.strerror}") from None
    session, services = _unlock(args)
    try:
        try:
            found = membership.open_enrolment(data, read_secret(args, "code", "one-time code"))
        except membership.EnrolmentError as exc:
            raise CliError(str(exc)) from None
        try:
            plan = membership.prepare_join(services, found)
            plan = membership.register_join(plan)
        except membership.HubError as exc:
            raise _hub_error(exc) from None
        membership.finish_join(services, plan)
    finally:
        session.close()
    state = "registered with the hub" if plan.registered else \
        "not yet registered (no connection): the first sync registers it"
    print(f"joined {found.org_name or found.org_id} as a {found.role} device; {state}")
    return OK


def cmd_org_devices(args: argparse.Namespace) -> int:
    session, services = _unlock(args)
    try:
        rows = services.sync.devices()
    finally:
        session.close()
    if args.json:
        print(json.dumps([{"device_id": d, "role": r, "status": st} for d, r, st in rows]))
    else:
        for device_id, role, status in rows:
            print(f"{device_id}  {role:5}  {status}")
    return OK


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop.app import sync_rounds

    if not args.user:
        raise CliError("--user is required")
    session, services = _unlock(args)
    try:
        services.sync.require()
        try:
            report = sync_rounds.run_round(lambda job: job(services))
        except sync_rounds.HubError as exc:
            services.sync.record_attempt(sync_rounds.failure_code(exc))
            raise _hub_error(exc) from None
        assert report is not None  # connected: require() above
    finally:
        session.close()
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        print(f"pushed {report.pushed}, pulled {report.pulled}, conflicts {report.conflicts}"
              + (f", kept aside {report.quarantined} (see the Sync page)"
                 if report.quarantined else ""))
    return OK


def cmd_sync_export_bundle(args: argparse.Namespace) -> int:
    from desktop.app.exports import write_private

    session, services = _unlock(args)
    try:
        data = services.sync.export_bundle()
        write_private(args.out, data)
    finally:
        session.close()
    envelopes = len(data.splitlines()) - 1
    print(f"bundle written to {args.out} ({envelopes} envelopes)")
    return OK


def cmd_sync_import_bundle(args: argparse.Namespace) -> int:
    try:
        data = args.bundle.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.bundle}: {exc.strerror}") from None
    session, services = _unlock(args)
    try:
        result = services.sync.import_bundle(data)
    finally:
        session.close()
    out = {"pulled": result.applied, "duplicates": result.duplicates,
           "conflicts": result.conflicts, "refused": result.refused,
           "quarantined": result.quarantined}
    print(json.dumps(out) if args.json else
          f"applied {result.applied}, already held {result.duplicates}, "
          f"conflicts {result.conflicts}, refused {result.refused}, "
          f"kept aside {result.quarantined}")
    return OK


# The parsers desktop.cli.main builds from here, each only for its own command.
PARSERS = {"org": add_org, "sync": add_sync}
