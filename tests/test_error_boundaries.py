"""One error boundary per shell, one redaction function: no traceback, no key, no control character
ever reaches the user; a bug leaves a log file with its traceback (issue 13)."""

from __future__ import annotations

import json
import os

import pytest

from movierec_gui import cli
from movierec_gui.core.errors import ImportFailedError
from movierec_gui.core.redact import MASK, printable, redact, safe_message

KEY = "sk-proj-Abcdefghijklmnop1234567890"


def lines_of(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip()]


# ---------------------------------------------------------------------------- redaction
def test_redact_hides_given_env_and_key_shaped_secrets(monkeypatch):
    monkeypatch.setenv("PINECONE_API_KEY", "pc-env-key-0987654321")
    text = (f"bad key {KEY}; also pc-env-key-0987654321 and pcsk_4AbCdEfGhIjKlMn and 'given-secret-value' "
            "Authorization: Bearer abc.def.ghi.jkl api_key=zzzzzzzz")
    out = redact(text, ["given-secret-value"])
    for secret in (KEY, "pc-env-key-0987654321", "pcsk_4AbCdEfGhIjKlMn", "given-secret-value", "abc.def.ghi",
                   "zzzzzzzz"):
        assert secret not in out
    assert out.startswith("bad key " + MASK) and "Authorization" in out


@pytest.mark.parametrize("key", ["", " ", "\t\n", "a", "e", "ab "])
def test_short_or_blank_keys_never_garble_a_message(key):
    message = "Pinecone rejected the request: index 'movies' has dimension 384, expected 1536."
    assert redact(message, [key]) == message


def test_keys_of_four_to_seven_characters_are_hidden_as_whole_tokens_only():
    assert redact("key abcd rejected; abcdef is a word", ["abcd"]) == f"key {MASK} rejected; abcdef is a word"


def test_printable_escapes_control_characters_and_caps_length():
    assert printable("a\x1b]0;owned\x07b\nc") == "a\\x1b]0;owned\\x07b\\nc"
    long = printable("x" * 1_000_000, 100)
    assert len(long) < 150 and "more characters" in long
    assert safe_message(f"\x1b[2J {KEY}") == f"\\x1b[2J {MASK}"


def test_pinecone_errors_returned_by_upsert_hide_the_key():
    from pinecone import errors as pe

    from movierec_gui.sync.pinecone_backend import PineconeClient

    client = PineconeClient("pc-upsert-key-123456", "http://127.0.0.1:9")
    for exc in (pe.PineconeValueError("invalid key pc-upsert-key-123456 for upsert"),
                RuntimeError("server said: Api-Key pc-upsert-key-123456 is not valid")):
        _, message = client.explain(exc, "uploading vectors")
        assert "pc-upsert-key-123456" not in message and "\n" not in message
    client.close()


# ---------------------------------------------------------------------------- CLI
def test_known_error_is_one_line_exit_1(tmp_path, capsys):
    assert cli.main(["--home", str(tmp_path / "h"), "history", "import", str(tmp_path / "missing.csv")]) == 1
    err = capsys.readouterr().err
    assert len(lines_of(err)) == 1 and err.startswith("movierec: ") and "Traceback" not in err


def test_unexpected_error_names_a_log_with_the_traceback(tmp_path, capsys, monkeypatch):
    from movierec_gui.commands import search

    def bug(services, args):
        raise TypeError(f"unsupported operand near {KEY}\x1b[2J")

    monkeypatch.setattr(search, "_search", bug, raising=False)
    parser = cli.build_parser

    def patched():
        p = parser()
        for action in p._subparsers._group_actions:
            action.choices["search"].set_defaults(func=bug)
        return p

    monkeypatch.setattr(cli, "build_parser", patched)
    home = tmp_path / "h"
    assert cli.main(["--home", str(home), "search", "anything"]) == 1
    err = capsys.readouterr().err
    (line,) = lines_of(err)
    assert "unexpected error (TypeError" in line and KEY not in line and "\x1b" not in line
    logs = list((home / "cache" / "logs").glob("movierec-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "def bug" not in text and "raise TypeError" in text
    assert KEY not in text and "\x1b" not in text
    assert oct(logs[0].stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("exc", [PermissionError(13, "Permission denied", "/some/file"), MemoryError(),
                                 RecursionError("maximum recursion depth exceeded")])
def test_expected_non_movierec_errors_are_one_line(tmp_path, capsys, monkeypatch, exc):
    def fail(services, args):
        raise exc

    parser = cli.build_parser

    def patched():
        p = parser()
        for action in p._subparsers._group_actions:
            action.choices["search"].set_defaults(func=fail)
        return p

    monkeypatch.setattr(cli, "build_parser", patched)
    assert cli.main(["--home", str(tmp_path / "h"), "search", "x"]) == 1
    err = capsys.readouterr().err
    assert len(lines_of(err)) == 1 and "Traceback" not in err and "log" not in err


def test_known_error_messages_never_echo_megabytes(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert cli.main(["--home", home, "history", "add", "x" * 2_000_000]) == 1
    err = capsys.readouterr().err
    assert len(err) < 1200 and len(lines_of(err)) == 1


def test_titles_with_control_characters_cannot_drive_the_terminal(tmp_path, capsys):
    home = str(tmp_path / "h")
    films = tmp_path / "films.jsonl"
    evil = "Evil\x1b]0;owned\x07\x1b[2J\x9b31m Film"
    films.write_text(json.dumps({"title": evil, "year": 2001, "overview": "a heist in a casino"}) + "\n"
                     + json.dumps({"title": "Plain", "year": 2002, "overview": "a quiet drama"}) + "\n")
    assert cli.main(["--home", home, "catalog", "import", str(films)]) == 0
    assert cli.main(["--home", home, "history", "add", evil, "--like"]) == 0
    assert cli.main(["--home", home, "history", "list"]) == 0
    assert cli.main(["--home", home, "index"]) == 0
    assert cli.main(["--home", home, "search", "Evil"]) == 0
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream
    assert "Evil" in out.out
    assert cli.main(["--home", home, "history", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed
    assert json.loads(listed)[0]["title"] == evil  # JSON keeps the exact title, escaped


def test_import_error_header_is_shown_escaped(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("\x1b[2Jfoo,bar\n1,2\n")
    assert cli.main(["--home", str(tmp_path / "h"), "catalog", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "foo" in err


def test_import_failed_error_is_known():
    assert issubclass(ImportFailedError, cli.KnownError)


# ---------------------------------------------------------------------------- GUI
def test_gui_boundary_shows_a_dialog_with_the_log_path(qtbot, tmp_path):
    from movierec_gui.ui.error_boundary import ErrorBoundary

    boundary = ErrorBoundary(tmp_path / "logs")
    try:
        raise ValueError(f"broken model {KEY}")
    except ValueError as exc:
        boundary.handle(type(exc), exc, exc.__traceback__)
    box = boundary.dialog
    assert box is not None and box.isVisible()
    qtbot.addWidget(box)
    text = box.text()
    assert str(boundary.last_log) in text and "ValueError" in text and KEY not in text
    log_text = boundary.last_log.read_text(encoding="utf-8")
    assert "Traceback" in log_text and KEY not in log_text
    # A second error while the dialog is open: logged, no second dialog.
    try:
        raise KeyError("again")
    except KeyError as exc:
        boundary.handle(type(exc), exc, exc.__traceback__)
    assert boundary.dialog is box
    assert len(list((tmp_path / "logs").glob("*.log"))) == 2
    box.close()


def test_gui_boundary_shows_known_errors_without_a_log(qtbot, tmp_path):
    from movierec_gui.ui.error_boundary import ErrorBoundary

    boundary = ErrorBoundary(tmp_path / "logs")
    exc = ImportFailedError("films.csv: the file is empty")
    boundary.handle(type(exc), exc, None)
    qtbot.addWidget(boundary.dialog)
    assert boundary.dialog.text() == "films.csv: the file is empty" and boundary.last_log is None
    assert not (tmp_path / "logs").exists()
    boundary.dialog.close()


def test_settings_dialog_refuses_openai_without_a_key_and_stays_open(qtbot, tmp_path):
    from movierec_gui.services import Services
    from movierec_gui.ui.settings_dialog import SettingsDialog

    svc = Services(tmp_path / "home")
    dialog = SettingsDialog(svc.settings_form(), svc.folders, {}, validate=lambda c: svc.settings_problem(
        c.settings, c.secrets))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.embedder.setCurrentIndex(dialog.embedder.findData("openai"))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert "OPENAI_API_KEY" in dialog.problem.text() and "environment variable" in dialog.problem.text()
    assert not svc._paths.settings_file.exists()
    dialog.embedder.setCurrentIndex(dialog.embedder.findData("local"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.accept()
    svc._catalog.close()
    dialog.close()
    assert os.environ.get("OPENAI_API_KEY") is None
