"""Headless commands for admins, scripts and tests. Never imports Qt.

Exit codes: 0 ok, 1 a check failed, 2 usage or bad input, 3 wrong passphrase.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli import COMMANDS, JURISDICTIONS, SUMMARIES
from desktop.cli.parsing import Parser, command_in
from desktop.cli.words import error_words, say

# Not `typing.TYPE_CHECKING`: importing typing alone is a noticeable share of `--help`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from desktop.app.services import Services
    from desktop.app.session import Session

# Each command imports what it needs inside it: `--help` and a one-word command must not pay
# for the vault, every service, jsonschema, holidays and the sync stack (start-up was 13x a
# bare `import sqlcipher3` when this module imported them all).

OK, CHECK_FAILED, BAD_INPUT, WRONG_PASSPHRASE = 0, 1, 2, 3
__all__ = ["COMMANDS", "JURISDICTIONS", "main"]


class CliError(Exception):
    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def read_passphrase(args: argparse.Namespace) -> str:
    if not args.passphrase_stdin:
        raise CliError(say("--passphrase-stdin is required: the passphrase is read from the "
                           "first line of standard input, never from the command line"))
    line = sys.stdin.readline()
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise CliError(say("no passphrase on standard input (expected it on the first line)"))
    return passphrase


def _vault_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vault", type=Path, default=None,
                   help="folder holding vault.db and vault.keys (default: the platform's "
                        "data folder)")


def _pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="read the passphrase from the first line of standard input")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: every command named with its one-line help, and the arguments of `command`
    alone. argparse only needs the parser of the command it parses; building all of them (27
    parsers, with the modules that define them) was a third of `waymark --help`."""
    parser = Parser(
        prog="waymark",
        description="Waymark. Without a command, starts the app; with one, runs it headless.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 usage or bad input, 3 wrong passphrase.",
    )
    from desktop import __version__

    parser.add_argument("-V", "--version", action="version", version=f"waymark {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in SUMMARIES.items():
        if name == command and name in _HERE:
            _HERE[name](sub)
        elif name == command and name in _ELSEWHERE:
            import importlib

            importlib.import_module(f"desktop.cli.{_ELSEWHERE[name]}").PARSERS[name](sub)
        else:  # named only: enough for --help and for "invalid choice" to list it
            sub.add_parser(name, help=summary, add_help=False)
    return parser


def _add(sub: Any, name: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=SUMMARIES[name])
    return parser


def _build_init(sub: Any) -> None:
    p = _add(sub, "init")
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


def _build_demo(sub: Any) -> None:
    p = _add(sub, "demo")
    _vault_arg(p)
    p.add_argument("--admin", required=True)
    p.add_argument("--people", type=int, default=40)
    p.add_argument("--jurisdiction", choices=JURISDICTIONS, default="england")
    _pass_arg(p)
    p.set_defaults(func=cmd_demo)


def _build_check(sub: Any) -> None:
    p = _add(sub, "check")
    _vault_arg(p)
    p.add_argument("--user", required=True)
    _pass_arg(p)
    p.set_defaults(func=cmd_check)


def _build_people(sub: Any) -> None:
    p = _add(sub, "people")
    people_sub = p.add_subparsers(dest="people_command", metavar="SUBCOMMAND", required=True)
    lp = people_sub.add_parser("list", help="id, name, age or date of birth, open tasks")
    _vault_arg(lp)
    lp.add_argument("--user", required=True)
    lp.add_argument("--json", action="store_true")
    _pass_arg(lp)
    lp.set_defaults(func=cmd_people_list)


def _build_checklists(sub: Any) -> None:
    p = _add(sub, "checklists")
    cl_sub = p.add_subparsers(dest="checklists_command", metavar="SUBCOMMAND", required=True)
    c = cl_sub.add_parser("list", help="id, version, title and indicator counts per language "
                                       "(only the vault's jurisdiction's, when it is known)")
    c.add_argument("--json", action="store_true")
    c.add_argument("--all", action="store_true", help="every jurisdiction's checklists")
    _vault_arg(c)
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


def _build_forms(sub: Any) -> None:
    p = _add(sub, "forms")
    forms_sub = p.add_subparsers(dest="forms_command", metavar="SUBCOMMAND", required=True)
    f = forms_sub.add_parser("list", help="id, titles, languages")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_forms_list)


def _build_export(sub: Any) -> None:
    p = _add(sub, "export")
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
    p.add_argument("--details", type=Path, default=None,
                   help="JSON file with the referral details the referrer confirms (reasons, "
                        "views, impact, strengths, parents_know, parents_consent, why_not, "
                        "immediate_risk (true/false), immediate_risk_now, actions_done, ...); "
                        "without it the prefill from the records is used")
    p.add_argument("--immediate-risk", choices=("yes", "no"), default=None,
                   help="is the person at immediate risk now? Required for a MASH referral "
                        "when the records do not already say yes (or give immediate_risk in "
                        "--details)")
    p.add_argument("--pdf-password-stdin", action="store_true",
                   help="encrypt the PDF (AES-256) with the password on the second line of "
                        "standard input")
    p.set_defaults(func=cmd_export)


# Where each command's parser is built: here, or by the `PARSERS` of a module of desktop.cli
# (imported only for its own command). `coach` parses its own arguments (desktop.cli.coach).
_HERE: dict[str, Callable[[Any], None]] = {
    "init": _build_init, "demo": _build_demo, "check": _build_check, "people": _build_people,
    "checklists": _build_checklists, "forms": _build_forms, "export": _build_export,
}
_ELSEWHERE = {"org": "org", "sync": "org", "report": "report", "export-htcds": "report",
              "intake": "intake"}


def _vault_dir(args: argparse.Namespace) -> Path:
    from desktop.paths import default_vault_dir

    return Path(args.vault) if args.vault else default_vault_dir()


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.app.session import Session
    from desktop.app.users import check_passphrase, check_username

    passphrase = read_passphrase(args)
    check_username(args.admin)
    check_passphrase(passphrase)
    language = args.language or ("vi" if args.jurisdiction == "vietnam" else "en")
    from desktop.cli import words

    words.set_language(language)
    session = Session()
    _user, code = session.create(
        _vault_dir(args), org_name=args.org, jurisdiction=args.jurisdiction, language=language,
        admin_username=args.admin, admin_display_name=args.admin_name or args.admin,
        passphrase=passphrase)
    moved_aside = session.services.vault.moved_aside
    try:
        if args.recovery_sheet:
            from desktop.app.exports import recovery_sheet, write_private

            write_private(args.recovery_sheet, recovery_sheet(session.services, code,
                                                              args.org, language))
    finally:
        session.close()
    print(say("Vault created at {folder}.", folder=_vault_dir(args)))
    if moved_aside is not None:
        print(say("An unfinished set-up found there was moved aside to {folder}.",
                  folder=moved_aside))
    print(say("Recovery code (shown once; store it safely, apart from this computer):"))
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
    from desktop.app.session import Session

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
    import json
    from datetime import date

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

    try:
        rows = commands.list_frameworks()
    except commands.FrameworkInvalid as exc:
        raise CliError(str(exc), CHECK_FAILED) from None
    # A vault's jurisdiction is known without its passphrase when it was last opened here
    # (desktop.app.interface_prefs); an England worker is not offered Viet Nam's checklists.
    jurisdiction = None
    if not args.all:
        from desktop.app import interface_prefs
        from desktop.paths import default_vault_dir

        jurisdiction = interface_prefs.load(args.vault or default_vault_dir()).jurisdiction
    if jurisdiction is not None:
        from desktop.cli import words
        from desktop.content import jurisdictions

        juris = jurisdictions.load(jurisdiction)
        rows = [r for r in rows if r["id"] in juris.checklists] if juris.checklists else rows
        # On stderr: scripts reading the list (or its --json) see only the rows.
        print(say("The checklists of this vault's jurisdiction ({name}); --all lists every "
                  "one.", name=juris.name.get(words.language(), jurisdiction)),
              file=sys.stderr)
    if args.json:
        import json

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
    import json

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
    import json

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
    details = None
    if args.details:
        from desktop.app.referral_details import from_file

        try:
            details = from_file(args.details)
        except ValueError as exc:
            raise CliError(f"--details: {exc}") from None
    session, services = _unlock(args, passphrase)
    try:
        _applies_here(services, args.form, template)
        if args.group:
            from desktop.cli import intake as intake_commands

            return intake_commands.export_group(args, services, password)
        lang = args.lang or services.settings.org().language
        if lang not in template["languages"]:
            raise CliError(f"form {args.form} is in {', '.join(template['languages'])}, "
                           f"not {lang} (use --lang)")
        details = _risk_answered(services, args, lang, details)
        # One order for every export (app/exports.py): audit, then render, then write.
        prepared = services.exports.prepare(args.person, args.form, lang, args.recipient,
                                            how="exported", encrypted=password is not None,
                                            details=details)
    finally:
        session.close()
    pdf = exports.render(prepared, password)
    exports.write_private(args.out, pdf)
    export_id = prepared.export_id
    print(f"{args.out}\t{len(pdf)} bytes\texport id {export_id}")
    return OK


def _applies_here(services: Any, form_id: str, template: dict[str, Any]) -> None:
    """Refuse, naming both, a form that does not apply to the vault's jurisdiction (an NRM
    sheet from a Viet Nam vault): before anything is read, audited or printed."""
    from desktop.content import jurisdictions
    from desktop.printing import forms

    here = services.vault.meta("jurisdiction") or "england"
    try:
        forms.require_jurisdiction(template, here)
    except forms.NotForJurisdictionError as exc:
        def name(j: str) -> str:
            try:
                return jurisdictions.load(j).name.get("en", j)
            except Exception:  # an unknown id still names itself
                return j
        title = template["title"].get("en") or next(iter(template["title"].values()))
        applies = ", ".join(name(j) for j in exc.applies) or "no jurisdiction"
        usable = ", ".join(f.id for f in forms.forms_for(here)
                           if not f.id.endswith("-nhom")) or "none"
        raise CliError(f"form {form_id} ({title}) is for {applies}; this vault's jurisdiction "
                       f"is {name(here)}, so it cannot be printed here (forms for "
                       f"{name(here)}: {usable})") from None


def _risk_answered(services: Any, args: argparse.Namespace, lang: str,
                   details: dict[str, Any] | None) -> dict[str, Any] | None:
    """The details to print, with the immediate-risk question answered where the form asks it.

    A MASH triages on that answer first, so a referral must not leave it blank (beside "Police
    informed: Yes") nor say "No" because the records are silent. It is taken from
    --immediate-risk, else from the --details file, else from the records when they show a risk
    (a recorded risk is never dropped); if none of these answers it, nothing is printed and
    the user is told which flag to give."""
    if args.immediate_risk is not None:
        details = dict(details if details is not None
                       else services.referrals.prefill(args.person, lang))
        details["immediate_risk"] = args.immediate_risk == "yes"
    context = services.referrals.context(args.person, lang, details=details)
    from desktop.app.referrals import asks_immediate_risk

    unanswered = context["referral"]["immediate_risk"] is None
    if asks_immediate_risk(args.form, context["pack"]) and unanswered:
        raise CliError("this referral asks whether the child is at immediate risk now and the "
                       "records do not say: give --immediate-risk yes or --immediate-risk no "
                       "(or \"immediate_risk\": true or false in the --details file)")
    return details


def main(argv: list[str]) -> int:
    if argv[:1] == ["coach"]:
        from desktop.cli import coach as command

        return command.run(argv[1:], sys.stdin, sys.stdout)
    parser = build_parser(command_in(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors are 2, --help is 0
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return BAD_INPUT
    if hasattr(args, "vault"):
        # Before any passphrase: the vault's remembered language (or its jurisdiction's).
        from desktop.cli import words

        words.use_vault_language(args.vault)
    try:
        if getattr(args, "allow_insecure_http", False):
            from desktop.cli.org import allow_insecure

            allow_insecure()
        return func(args)
    except CliError as exc:
        print(f"waymark: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return BAD_INPUT
    except Exception as exc:
        return _failed(exc)


def _failed(exc: Exception) -> int:
    """The exit code of a command that raised `exc`, its words on stderr; anything else is
    raised again. Imported here: a command that does not fail does not load the vault's
    errors."""
    from desktop.app.errors import Throttled, VaultError, WrongPassphrase
    from desktop.domain.passphrase import PassphraseRejected

    if isinstance(exc, (WrongPassphrase, Throttled)):
        print(f"waymark: {error_words(exc)}", file=sys.stderr)
        return WRONG_PASSPHRASE
    if isinstance(exc, PassphraseRejected):
        print(f"waymark: {exc}", file=sys.stderr)
        return BAD_INPUT
    if isinstance(exc, VaultError):
        print(f"waymark: {error_words(exc)}", file=sys.stderr)
        return BAD_INPUT
    raise exc
