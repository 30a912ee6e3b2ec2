"""The archive's settings: one checked object, read the same way by the build and the command line."""

import contextlib
import datetime as dt
import shutil
from pathlib import Path

import pytest
from paths import REPO
from sphinx.errors import ConfigError

from solidarity_archive.cli.main import main
from solidarity_archive.core.settings import SettingError, Settings


def test_defaults_and_normalised_values():
    settings = Settings.from_values({"archive_statements_dir": "/statements/", "archive_today": "2016-01-19"})
    assert settings.statements_dir == "statements"
    assert settings.today == dt.date(2016, 1, 19) and settings.current_date() == dt.date(2016, 1, 19)
    assert Settings.from_values({}).today is None
    assert settings.is_statement("statements/2016/2016-01-19-x") and not settings.is_statement("statements/2016/index")
    assert settings.year_index(2016) == "statements/2016/index"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("archive_today", "19/01/2016", "a date as YYYY-MM-DD"),
        ("archive_base_url", "statements-archive.example.org", "an http(s) address"),
        ("archive_statements_dir", "../elsewhere", "inside the project"),
        ("archive_title", 3, "a string"),
        ("archive_dossier", {"title": "x"}, "'ids'"),
    ],
)
def test_an_error_names_the_setting_the_value_and_what_was_expected(name, value, expected):
    with pytest.raises(SettingError) as caught:
        Settings.from_values({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name} = {value!r}: expected ") and expected in message


def project(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    for name in ("conf.py",):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "statements", root / "statements")
    with (root / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return root


def test_the_command_line_reads_a_conf_py_that_uses_tags(tmp_path, capsys):
    # A build passes `tags` to conf.py; the command line reads conf.py through Sphinx, so it has them too.
    root = project(tmp_path, '\nif tags.has("draft"):\n    archive_title = "Draft"\narchive_today = "2026-01-01"\n')
    assert main(["check", "--root", str(root)]) == 0
    assert "1 statement file checked: no problems." in capsys.readouterr().out


def test_the_command_line_refuses_a_bad_setting_naming_it(tmp_path, capsys):
    root = project(tmp_path, '\narchive_today = "tomorrow"\n')
    with pytest.raises(SystemExit) as caught:
        main(["check", "--root", str(root)])
    assert "archive_today = 'tomorrow': expected a date as YYYY-MM-DD" in str(caught.value)


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"archive_today": "19/01/2016"})
def test_the_build_refuses_a_bad_setting_naming_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"archive_today = '19/01/2016': expected a date as YYYY-MM-DD"):
        make_app(*args, **kwargs)


def test_dates_are_written_by_babel_in_the_locale_asked_for_not_the_machines():
    import datetime as dt
    import locale

    from solidarity_archive.core.languages import format_date

    day = dt.date(2016, 1, 19)
    before = locale.setlocale(locale.LC_TIME)
    try:
        with contextlib.suppress(locale.Error):  # the process locale cannot change here; the explicit locales still decide
            locale.setlocale(locale.LC_TIME, "es_ES.UTF-8")
        assert format_date(day) == "19 January 2016"
        assert format_date(day, "es") == "19 de enero de 2016"
    finally:
        locale.setlocale(locale.LC_TIME, before)
