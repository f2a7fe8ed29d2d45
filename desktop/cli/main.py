"""Headless commands for admins, scripts and tests. Never imports Qt.

Exit codes: 0 ok, 1 a check failed, 2 usage or bad input, 3 wrong passphrase.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.app.errors import Throttled, VaultError, WrongPassphrase
from desktop.app.exports import write_private
from desktop.app.services import Services
from desktop.app.session import Session
from desktop.content.jurisdictions import JURISDICTIONS
from desktop.domain.passphrase import PassphraseRejected
from desktop.paths import default_vault_dir

OK, CHECK_FAILED, BAD_INPUT, WRONG_PASSPHRASE = 0, 1, 2, 3
COMMANDS = ("init", "demo", "check", "people", "checklists", "coach", "forms", "export",
            "org", "sync", "report", "export-htcds", "intake")


class CliError(Exception):
    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def read_passphrase(args: argparse.Namespace) -> str:
    if not args.passphrase_stdin:
        raise CliError("--passphrase-stdin is required: the passphrase is read from the first "
                       "line of standard input, never from the command line")
    line = sys.stdin.readline()
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise CliError("no passphrase on standard input (expected it on the first line)")
    return passphrase


def _vault_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vault", type=Path, default=None,
                   help="folder holding vault.db and vault.keys (default: the platform's "
                        "data folder)")


def _pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="read the passphrase from the first line of standard input")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waymark",
        description="Waymark. Without a command, starts the app; with one, runs it headless.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 usage or bad input, 3 wrong passphrase.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new vault with its first admin")
    _vault_arg(p)
    p.add_argument("--org", required=True, help="organisation name")
    p.add_argument("--jurisdiction", required=True, choices=JURISDICTIONS)
    p.add_argument("--language", choices=("en", "vi"), default=None)
    p.add_argument("--admin", required=True, help="the admin's user name")
    p.add_argument("--admin-name", default=None, help="the admin's display name")
    p.add_argument("--recovery-sheet", type=Path, default=None,
                   help="also write the recovery code sheet (PDF) to this file")
    _pass_arg(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create or fill a vault with clearly fictional records")
    _vault_arg(p)
    p.add_argument("--admin", required=True)
    p.add_argument("--people", type=int, default=40)
    p.add_argument("--jurisdiction", choices=JURISDICTIONS, default="england")
    _pass_arg(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="verify encryption integrity, audit chain, projections")
    _vault_arg(p)
    p.add_argument("--user", required=True)
    _pass_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("people", help="people in the vault")
    people_sub = p.add_subparsers(dest="people_command", metavar="SUBCOMMAND", required=True)
    lp = people_sub.add_parser("list", help="id, name, age or date of birth, open tasks")
    _vault_arg(lp)
    lp.add_argument("--user", required=True)
    lp.add_argument("--json", action="store_true")
    _pass_arg(lp)
    lp.set_defaults(func=cmd_people_list)

    p = sub.add_parser("checklists", help="the indicator checklists Waymark ships")
    cl_sub = p.add_subparsers(dest="checklists_command", metavar="SUBCOMMAND", required=True)
    c = cl_sub.add_parser("list", help="id, version, title and indicator counts per language")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_checklists_list)
    c = cl_sub.add_parser("validate", help="check every file against the schema, both "
                                           "languages complete, no duplicate ids")
    c.add_argument("--folder", type=Path, default=None, help=argparse.SUPPRESS)
    c.set_defaults(func=cmd_checklists_validate)
    c = cl_sub.add_parser("evaluate", help="the outcome of a set of answers, with reasons")
    c.add_argument("--framework", required=True, help="framework id (see checklists list)")
    c.add_argument("--answers", required=True, type=Path,
                   help="JSON file: indicator id -> yes|no|not_known|not_asked")
    c.add_argument("--age", required=True, help="age in years, or 'disputed'")
    c.add_argument("--jurisdiction", required=True, choices=JURISDICTIONS)
    c.add_argument("--looked-after", action="store_true",
                   help="the child is looked after (the placing authority must be told)")
    c.add_argument("--crime-suspected", action="store_true",
                   help="a crime is suspected (the police are told)")
    c.add_argument("--role", choices=("staff", "lead"), default="staff",
                   help="who is assessing: a lead is not asked to tell the lead")
    c.add_argument("--lead-told", action="store_true",
                   help="the safeguarding lead already knows")
    c.add_argument("--route", choices=("self_referral", "border_handback", "rescue"),
                   help="Viet Nam: how the person came (default: from the answers)")
    c.add_argument("--lang", choices=("en", "vi"), default="en")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_checklists_evaluate)

    p = sub.add_parser("forms", help="the referral forms Waymark can print")
    forms_sub = p.add_subparsers(dest="forms_command", metavar="SUBCOMMAND", required=True)
    f = forms_sub.add_parser("list", help="id, titles, languages")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_forms_list)

    p = sub.add_parser("export", help="print a referral form for one person to a PDF file")
    _vault_arg(p)
    p.add_argument("--user", required=True)
    _pass_arg(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="the person's id (see people list)")
    who.add_argument("--group", help="a group's id (intake group): the group forms")
    p.add_argument("--handover", default=None,
                   help="with --group: the hand-over to print (default: the latest)")
    p.add_argument("--form", required=True, help="form id (see forms list)")
    p.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    p.add_argument("--lang", choices=("en", "vi"), default=None,
                   help="language of the form (default: the vault's language)")
    p.add_argument("--recipient", default="", help="who it is for (kept in the audit log)")
    p.add_argument("--pdf-password-stdin", action="store_true",
                   help="encrypt the PDF (AES-256) with the password on the second line of "
                        "standard input")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("org", help="join this vault to an organisation's sync hub")
    org_sub = p.add_subparsers(dest="org_command", metavar="SUBCOMMAND", required=True)
    o = org_sub.add_parser("connect", help="on a lead's vault: create the organisation key "
                                           "pair, register it and this device with the hub")
    _vault_arg(o)
    o.add_argument("--user", required=True)
    _pass_arg(o)
    o.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example")
    o.add_argument("--token", required=True, help="the one-time token from create-org")
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
    o.add_argument("--code", required=True)
    o.set_defaults(func=cmd_org_join)

    p = sub.add_parser("sync", help="push waiting records to the hub and (lead devices) pull")
    _vault_arg(p)
    p.add_argument("--user", required=False)
    _pass_arg(p)
    p.add_argument("--json", action="store_true")
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

    from desktop.cli import report as report_commands  # light: services load per command

    report_commands.add_parsers(sub, _vault_arg, _pass_arg)
    from desktop.cli import intake as intake_commands

    intake_commands.add_parser(sub, _vault_arg, _pass_arg)

    # Parsed by desktop.cli.coach (listed here so --help shows it).
    sub.add_parser("coach", add_help=False,
                   help="classify a staff turn: --lang en|vi [--json] TEXT, or - for stdin")
    return parser


def _vault_dir(args: argparse.Namespace) -> Path:
    return Path(args.vault) if args.vault else default_vault_dir()


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.app.users import check_passphrase, check_username

    passphrase = read_passphrase(args)
    check_username(args.admin)
    check_passphrase(passphrase)
    language = args.language or ("vi" if args.jurisdiction == "vietnam" else "en")
    session = Session()
    _user, code = session.create(
        _vault_dir(args), org_name=args.org, jurisdiction=args.jurisdiction, language=language,
        admin_username=args.admin, admin_display_name=args.admin_name or args.admin,
        passphrase=passphrase)
    try:
        if args.recovery_sheet:
            from desktop.app.exports import recovery_sheet, write_private

            write_private(args.recovery_sheet, recovery_sheet(session.services, code,
                                                              args.org, language))
    finally:
        session.close()
    print(f"Vault created at {_vault_dir(args)}.")
    print("Recovery code (shown once; store it safely, apart from this computer):")
    print(code)
    return OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo import fill_demo

    passphrase = read_passphrase(args)
    if args.people < 1:
        raise CliError("--people must be at least 1")
    summary = fill_demo(_vault_dir(args), args.admin, passphrase, args.people,
                        args.jurisdiction)
    print(summary)
    return OK


def _unlock(args: argparse.Namespace, passphrase: str | None = None,
            ) -> tuple[Session, Services]:
    session = Session()
    session.unlock(_vault_dir(args), args.user,
                   read_passphrase(args) if passphrase is None else passphrase)
    return session, session.services


def cmd_check(args: argparse.Namespace) -> int:
    session, services = _unlock(args)
    try:
        report = services.checks.run()
    finally:
        session.close()
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(report.summary())
    return OK if report.ok else CHECK_FAILED


def cmd_people_list(args: argparse.Namespace) -> int:
    session, services = _unlock(args)
    try:
        rows = []
        offset = 0
        while True:
            batch = services.people.list(limit=1000, offset=offset)
            rows.extend(batch)
            if len(batch) < 1000:
                break
            offset += 1000
    finally:
        session.close()
    today = date.today()
    if args.json:
        print(json.dumps([
            {"id": r.id, "display_name": r.display_name, "date_of_birth": r.date_of_birth,
             "estimated_age": r.estimated_age, "age": r.age_text(today),
             "age_disputed": r.age_disputed, "open_tasks": r.open_tasks}
            for r in rows], ensure_ascii=False, indent=1))
    else:
        for r in rows:
            born = r.date_of_birth or "-"
            print(f"{r.id}\t{r.display_name}\t{r.age_text(today)}\t{born}\t{r.open_tasks}")
    return OK


def cmd_checklists_list(args: argparse.Namespace) -> int:
    from desktop.cli import checklists as commands

    rows = commands.list_frameworks()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            counts = " ".join(f"{lang}={n}" for lang, n in r["indicators"].items())
            print(f"{r['id']}\tv{r['version']}\t{r['title']['en']}\t{counts}")
    return OK


def cmd_checklists_validate(args: argparse.Namespace) -> int:
    from desktop.cli import checklists as commands

    problems = commands.validate(args.folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return CHECK_FAILED
    print("checklists: all valid")
    return OK


def cmd_checklists_evaluate(args: argparse.Namespace) -> int:
    from desktop.cli import checklists as commands
    from desktop.content.checklists import frameworks

    try:
        framework = frameworks.latest(args.framework)
    except KeyError:
        known = ", ".join(sorted({fid for fid, _ in frameworks.shipped()}))
        raise CliError(f"no checklist called {args.framework!r} (known: {known})") from None
    try:
        child, age = commands.parse_age(args.age)
        answers = commands.load_answers(args.answers, framework)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    from desktop.content.checklists.outcome import Context

    context = Context(looked_after=args.looked_after, crime_suspected=args.crime_suspected,
                      reporter_is_lead=args.role == "lead", lead_told=args.lead_told,
                      route=args.route)
    try:
        report = commands.outcome_report(framework, answers, child=child, age=age,
                                         jurisdiction=args.jurisdiction, lang=args.lang,
                                         context=context)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        commands.print_report(report, sys.stdout, args.lang)
    return OK


def cmd_forms_list(args: argparse.Namespace) -> int:
    from desktop.printing import forms

    try:
        rows = forms.list_forms()
    except forms.FormError as exc:
        raise CliError(str(exc), CHECK_FAILED) from None
    if args.json:
        print(json.dumps([{"id": f.id, "version": f.version, "titles": f.titles,
                           "languages": list(f.languages),
                           "jurisdictions": list(f.jurisdictions), "people": list(f.people)}
                          for f in rows], ensure_ascii=False, indent=1))
    else:
        for f in rows:
            print(f"{f.id}\t{','.join(f.languages)}\t{f.titles.get('en') or f.titles.get('vi')}")
    return OK


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.app import exports
    from desktop.printing import forms

    passphrase = read_passphrase(args)
    password = None
    if args.pdf_password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("--pdf-password-stdin: no PDF password on the second line of "
                           "standard input")
    try:
        template = forms.load_template(args.form)
    except forms.UnknownFormError:
        known = ", ".join(f.id for f in forms.list_forms())
        raise CliError(f"no form called {args.form!r} (known: {known})") from None
    except forms.FormError as exc:
        raise CliError(str(exc)) from None
    if args.out.exists() and args.out.is_dir():
        raise CliError(f"--out {args.out} is a folder; give a file name")
    if not args.out.parent.is_dir():
        raise CliError(f"--out: the folder {args.out.parent} does not exist")
    session, services = _unlock(args, passphrase)
    try:
        if args.group:
            from desktop.cli import intake as intake_commands

            return intake_commands.export_group(args, services, password)
        lang = args.lang or services.settings.org().language
        if lang not in template["languages"]:
            raise CliError(f"form {args.form} is in {', '.join(template['languages'])}, "
                           f"not {lang} (use --lang)")
        # One order for every export (app/exports.py): audit, then render, then write.
        prepared = services.exports.prepare(args.person, args.form, lang, args.recipient,
                                            how="exported", encrypted=password is not None)
    finally:
        session.close()
    pdf = exports.render(prepared, password)
    exports.write_private(args.out, pdf)
    export_id = prepared.export_id
    print(f"{args.out}\t{len(pdf)} bytes\texport id {export_id}")
    return OK


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
    if code == rounds.REFUSED:
        return CliError(f"the hub refused: {getattr(exc, 'code', '') or exc}", CHECK_FAILED)
    return CliError(str(exc))


def cmd_org_connect(args: argparse.Namespace) -> int:
    from desktop.app import membership

    session, services = _unlock(args)
    try:
        plan = membership.prepare_connect(services, args.hub, args.token)
        try:
            plan = membership.register_connect(plan)
        except membership.HubError as exc:
            raise _hub_error(exc) from None
        reg = membership.finish_connect(services, plan)
    finally:
        session.close()
    print(f"connected: organisation {reg.org_id}, this device {reg.device_id} ({reg.role})")
    return OK


def cmd_org_enrol(args: argparse.Namespace) -> int:
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

    try:
        data = args.enrolment.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.enrolment}: {exc.strerror}") from None
    try:
        found = membership.open_enrolment(data, args.code)
    except membership.EnrolmentError as exc:
        raise CliError(str(exc)) from None
    session, services = _unlock(args)
    try:
        plan = membership.prepare_join(services, found)
        try:
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
        print(f"pushed {report.pushed}, pulled {report.pulled}, conflicts {report.conflicts}")
    return OK


def cmd_sync_export_bundle(args: argparse.Namespace) -> int:
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
           "conflicts": result.conflicts, "refused": result.refused}
    print(json.dumps(out) if args.json else
          f"applied {result.applied}, already held {result.duplicates}, "
          f"conflicts {result.conflicts}, refused {result.refused}")
    return OK


def main(argv: list[str]) -> int:
    if argv[:1] == ["coach"]:
        from desktop.cli import coach as command

        return command.run(argv[1:], sys.stdin, sys.stdout)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors are 2, --help is 0
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return BAD_INPUT
    try:
        return func(args)
    except (WrongPassphrase, Throttled) as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return WRONG_PASSPHRASE
    except PassphraseRejected as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return BAD_INPUT
    except VaultError as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return BAD_INPUT
    except CliError as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return BAD_INPUT
