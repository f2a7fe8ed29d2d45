"""`waymark report` and `waymark export-htcds` (issue 18). Imports services lazily."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli import SUMMARIES
from desktop.cli.main import _pass_arg, _vault_arg


def add_report(sub: Any) -> None:
    p = sub.add_parser("report", help=SUMMARIES["report"])
    _vault_arg(p)
    p.add_argument("--user", required=True)
    _pass_arg(p)
    p.add_argument("--period", required=True,
                   help="2026 (year), 2026-H1 (half), 2026-Q3 (quarter) or 2026-05 (month)")
    p.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    p.add_argument("--csv", type=Path, default=None, help="also write the counts as CSV")
    p.add_argument("--lang", choices=("en", "vi"), default=None,
                   help="language (default: the vault's language)")
    p.add_argument("--pdf-password-stdin", action="store_true",
                   help="encrypt the PDF (AES-256) with the password on the second line of "
                        "standard input")
    p.set_defaults(func=cmd_report)


def add_export_htcds(sub: Any) -> None:
    p = sub.add_parser("export-htcds", help=SUMMARIES["export-htcds"])
    _vault_arg(p)
    p.add_argument("--user", required=True)
    _pass_arg(p)
    p.add_argument("--out", required=True, type=Path, help="the CSV file to write")
    p.add_argument("--k", type=int, default=5,
                   help="drop rows whose sex, citizenship, age band and month occur fewer "
                        "than K times (default 5; 1 keeps every row)")
    p.add_argument("--password-stdin", action="store_true",
                   help="write an AES-256 encrypted PDF carrying the CSV as an attachment, "
                        "with the password on the second line of standard input")
    p.set_defaults(func=cmd_export_htcds)


def _check_out(path: Path, flag: str) -> None:
    from desktop.cli.main import CliError

    if path.exists() and path.is_dir():
        raise CliError(f"{flag} {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise CliError(f"{flag}: the folder {path.parent} does not exist")


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.app.exports import write_private
    from desktop.cli.main import OK, CliError, _unlock, read_passphrase
    from desktop.domain.periods import PeriodError, parse_period
    from desktop.printing.report_pdf import render_report

    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        raise CliError(str(exc)) from None
    _check_out(args.out, "--out")
    if args.csv:
        _check_out(args.csv, "--csv")
    passphrase = read_passphrase(args)
    password = None
    if args.pdf_password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("--pdf-password-stdin: no PDF password on the second line of "
                           "standard input")
    session, services = _unlock(args, passphrase)
    try:
        lang = args.lang or services.settings.org().language or "en"
        report = services.oversight.report(period)
    finally:
        session.close()
    pdf = render_report(report, lang, password)
    write_private(args.out, pdf)
    if args.csv:
        write_private(args.csv, report.to_csv(lang).encode("utf-8"))
    print(f"{args.out}\t{len(pdf)} bytes\tperiod {period.text}", file=sys.stdout)
    return OK


def cmd_export_htcds(args: argparse.Namespace) -> int:
    from desktop.app.exports import write_private
    from desktop.cli.main import OK, CliError, _unlock, read_passphrase

    if args.k < 1:
        raise CliError("--k must be at least 1")
    _check_out(args.out, "--out")
    passphrase = read_passphrase(args)
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("--password-stdin: no password on the second line of standard "
                           "input")
    session, services = _unlock(args, passphrase)
    try:
        result = services.oversight.htcds(args.k)
    finally:
        session.close()
    data = result.csv_text.encode("utf-8")
    if password is not None:
        from desktop.printing.report_pdf import csv_in_encrypted_pdf

        data = csv_in_encrypted_pdf(
            result.csv_text, "htcds.csv", "Anonymised case data (HTCDS shape)",
            [f"{result.rows} rows; {result.dropped} rows dropped (k = {args.k}).",
             "The data is the attached file htcds.csv."], password)
    write_private(args.out, data)
    print(f"{args.out}\t{result.rows} rows\t{result.dropped} dropped (k={args.k})")
    return OK


# The parsers desktop.cli.main builds from here, each only for its own command.
PARSERS = {"report": add_report, "export-htcds": add_export_htcds}
