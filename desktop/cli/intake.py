"""`waymark intake group`: receive a group from a list, and print the group forms."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import SUMMARIES
from desktop.cli.main import _pass_arg, _vault_arg

if TYPE_CHECKING:  # the vault and the services load when a command runs, not with --help
    from desktop.app.services import Services

OK, BAD_INPUT = 0, 2


def add_intake(sub: Any) -> None:
    p = sub.add_parser("intake", help=SUMMARIES["intake"])
    intake_sub = p.add_subparsers(dest="intake_command", metavar="SUBCOMMAND", required=True)
    g = intake_sub.add_parser("group", help="create a group and its people from a CSV list "
                                            "(columns name, sex, birth_year, ethnicity, …)")
    _vault_arg(g)
    g.add_argument("--user", required=True)
    _pass_arg(g)
    g.add_argument("--file", required=True, type=Path, help="the list (CSV, UTF-8, header)")
    g.add_argument("--place", required=True, help="the gate or place of reception")
    g.add_argument("--handed-over-by", required=True, help="the handing-over authority")
    g.add_argument("--at", default=None,
                   help="when the group was received, e.g. 2026-12-03T22:40 (local time "
                        "of the vault's jurisdiction; default: now)")
    g.add_argument("--foreign-unit", default="")
    g.add_argument("--receiving-unit", default="")
    g.add_argument("--interpreter", default="")
    g.add_argument("--witness", default="")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_intake_group)
    s = intake_sub.add_parser("show", help="a group's members, their status and hand-overs")
    _vault_arg(s)
    s.add_argument("--user", required=True)
    _pass_arg(s)
    s.add_argument("--group", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_intake_show)


def cmd_intake_group(args: argparse.Namespace) -> int:
    # Here, not at the top: `waymark --help` must not pay for the domain's dataclasses.
    from desktop.app.intake import BadRows, read_csv
    from desktop.cli.main import CliError, _unlock
    from desktop.domain.events import iso, now_utc
    from desktop.domain.groups import Reception, nfc

    try:
        text = args.file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"{args.file} is not UTF-8 text") from None
    session, services = _unlock(args)
    try:
        today = now_utc().date()
        try:
            rows = read_csv(text, today)
        except BadRows as exc:
            # Line, column and reason only: never the names themselves.
            for bad in exc.rows:
                print(f"{args.file.name}: {bad.message()}", file=sys.stderr)
            raise CliError(f"{len(exc.rows)} bad row(s); nothing was created") from None
        if args.at:
            try:
                received_at = datetime.fromisoformat(args.at).isoformat()
            except ValueError:
                raise CliError(f"--at {args.at!r}: give a date and time such as "
                               "2026-12-03T22:40") from None
        else:
            received_at = iso(now_utc())
        reception = Reception(
            received_at=received_at, place=nfc(args.place),
            handed_over_by=nfc(args.handed_over_by), foreign_unit=nfc(args.foreign_unit),
            receiving_unit=nfc(args.receiving_unit) or services.settings.org().org_name,
            interpreter=nfc(args.interpreter), witness=nfc(args.witness))
        result = services.intake.receive(reception, rows)
    finally:
        session.close()
    if args.json:
        print(json.dumps({"group": result.group_id, "people": list(result.person_ids),
                          "tasks": len(result.task_ids)}))
    else:
        print(f"group {result.group_id}: {len(result.person_ids)} people received")
        for pid in result.person_ids:
            print(pid)
    return OK


def cmd_intake_show(args: argparse.Namespace) -> int:
    from desktop.cli.main import _unlock

    session, services = _unlock(args)
    try:
        group = services.intake.get(args.group)
        members = services.intake.members(args.group)
    finally:
        session.close()
    out = {"group": args.group, "received_at": group["reception"].get("received_at"),
           "place": group["reception"].get("place"), "signed_at": group["signed_at"],
           "closed_at": group["closed_at"],
           "members": [{"n": m.n, "id": m.person_id, "name": m.name, "child": m.child,
                        "with": m.adult_id, "status": m.state, "outcome": m.outcome,
                        "open_tasks": m.open_tasks} for m in members],
           "handovers": [{"id": h["id"], "at": h["at"], "to_unit": h.get("to_unit", ""),
                          "people": len(h.get("person_ids", []))}
                         for h in group["handovers"]]}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for m in out["members"]:
            print(f"{m['n']}\t{m['id']}\t{m['name']}\t{m['status']}"
                  f"\t{'child' if m['child'] else ''}")
        for h in out["handovers"]:
            print(f"hand-over {h['id']}\t{h['at']}\t{h['to_unit']}\t{h['people']}")
    return OK


def export_group(args: argparse.Namespace, services: Services,
                 password: str | None) -> int:
    """`waymark export --group GROUP_ID --form FORM`: the group forms (audited, then
    rendered, then written)."""
    from desktop.app.exports import write_private
    from desktop.cli.main import CliError
    from desktop.printing import forms

    template = forms.load_template(args.form)
    if not str(template["id"]).endswith("-nhom"):
        raise CliError(f"form {args.form} is for one person; use --person")
    lang = args.lang or services.settings.org().language
    if lang not in template["languages"]:
        raise CliError(f"form {args.form} is in {', '.join(template['languages'])}, "
                       f"not {lang} (use --lang)")
    pdf = services.intake.export_form(args.group, args.form, lang, args.handover,
                                      args.recipient, password)
    write_private(args.out, pdf)
    print(f"{args.out}\t{len(pdf)} bytes")
    return OK


# The parser desktop.cli.main builds from here, only for its own command.
PARSERS = {"intake": add_intake}
