"""The command line builds only the parser of the command it runs (issue 14): every command
must still be listed by `waymark --help`, and still get its own arguments and help."""

from __future__ import annotations

import pytest

from desktop.cli import SUMMARIES
from desktop.cli import main as cli
from desktop.cli.parsing import command_in


def test_help_lists_every_command_with_its_summary(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # each summary on one line
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    words = " ".join(out.split())
    listing = " ".join(f"{name} {summary}" for name, summary in SUMMARIES.items())
    assert f"COMMAND {listing} options:" in words
    assert "3 wrong passphrase" in out


@pytest.mark.parametrize("command", [c for c in SUMMARIES if c != "coach"])
def test_each_command_still_has_its_own_arguments(command: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: waymark {command} ")
    # Its own parser, not the name-only entry --help lists it by (which has no -h).
    assert "-h, --help" in out


def test_an_unknown_command_is_refused_naming_every_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nosuch"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nosuch'" in err
    assert all(f"'{name}'" in err for name in SUMMARIES)


def test_a_command_runs_with_its_arguments_parsed(capsys: pytest.CaptureFixture[str]) -> None:
    # A command with a required option: parsed by its full parser, so its usage error names it.
    assert cli.main(["check", "--passphrase-stdin"]) == 2
    assert "--user" in capsys.readouterr().err


def test_the_command_is_the_first_word_that_is_not_an_option() -> None:
    assert command_in(["--help"]) is None
    assert command_in(["-h", "sync", "--json"]) == "sync"
    assert command_in(["people", "list", "--user", "x"]) == "people"
