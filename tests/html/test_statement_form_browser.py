"""The statement form (``make edit``, ``/admin/``) driven in Chromium on a fresh copy of the archive.

The test starts ``make edit``'s two servers (the form's local proxy and the live preview) in a
temporary copy, creates a Spanish open letter in the form, three signatories picked by typing part
of their names, and saves it: the file is written under statements/, ``check`` accepts it and the
preview shows the rebuilt page. A second test types an impossible date and leaves the place empty:
the form refuses both with ``check``'s own messages and writes nothing. A third types texts that
``check`` refuses (a line MyST reads as a comment, a directive that reads another file): make edit's
check reads the file as ``check`` does, and the form shows its lines at the text and writes nothing.

It needs npm's packages (``make node-tools``) and Chromium: without them it skips, saying why; where
``CI`` is set it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from archive_copy import stop_group
from paths import REPO

from tests.browser import browser_required, watched_tab, words

pytestmark = browser_required()

COPIED = ("conf.py", "Makefile", "pyproject.toml", "constraints.txt", "setup.py", "package.json", "package-lock.json")
LINKED = (".venv", "node_modules")


def _tools_missing() -> str | None:
    if (
        not (REPO / "node_modules" / "decap-server" / "dist" / "index.js").is_file()
        or not (REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file()
    ):
        return "npm's decap-cms and decap-server (run 'make node-tools')"
    if shutil.which("node") is None:
        return "Node.js"
    if shutil.which("make") is None:
        return "make"
    return None


def _require_tools() -> None:
    missing = _tools_missing()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the statement form's tests, but {missing} is missing", pytrace=False)
    if missing:
        pytest.skip(f"the statement form's tests need {missing}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float, method: str = "GET", data: bytes | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5):
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Edit:
    """``make edit`` running in a copy of the archive."""

    def __init__(self, root: Path, port: int, proxy_port: int, log: Path):
        self.root, self.port, self.proxy_port, self.log = root, port, proxy_port, log

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def statements(self) -> set[Path]:
        return {p.relative_to(self.root) for p in (self.root / "statements").rglob("*.md")}


def _start(tmp_path_factory, language: str):
    _require_tools()
    root = tmp_path_factory.mktemp(f"form-{language}") / "archive"
    root.mkdir()
    for name in COPIED:
        shutil.copy2(REPO / name, root / name)
    for name in ("source", "statements"):
        shutil.copytree(REPO / name, root / name)
    for name in LINKED:
        (root / name).symlink_to(REPO / name)
    port, proxy_port = _free_port(), _free_port()
    log = root.parent / "edit.log"
    process = subprocess.Popen(
        # The copy shares the repository's .venv and node_modules: make must not install them again
        # through the links (npm ci would empty the repository's node_modules).
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "node-tools", "edit",
         f"PORT={port}", f"EDIT_PORT={proxy_port}", "JOBS=1", f"EDIT_ARGS=-D language={language}"],
        cwd=root, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    edit = Edit(root, port, proxy_port, log)
    try:
        _wait_for(f"http://127.0.0.1:{proxy_port}/api/v1", 60, "POST", b'{"action":"info"}')
        _wait_for(f"{edit.url}/admin/", 240)
    except Exception:
        os.killpg(process.pid, signal.SIGTERM)
        raise AssertionError("make edit did not start:\n" + log.read_text()[-3000:]) from None
    return process, edit


@pytest.fixture(scope="module", params=["es", "en"])
def edit(request, tmp_path_factory):
    process, edit = _start(tmp_path_factory, request.param)
    edit.language = request.param
    try:
        yield edit
    finally:
        stop_group(process)


def _open_form(tab, edit: Edit):
    """The form for a new statement, reached as a person reaches it: sign in (on this computer, one
    click), then the collection's "new" link."""
    backend = BackendRequests(tab)
    tab.goto(f"{edit.url}/admin/#/collections/statements")
    login = tab.get_by_role("button", name=re.compile("^(login|iniciar sesión)$", re.I))
    new = tab.locator('a[href$="/collections/statements/new"]')
    login.or_(new).first.wait_for()
    if login.count():
        login.click()
    new.click()
    _ = words(edit.language)
    tab.get_by_text(_("The date it was issued, as YYYY-MM-DD, e.g. 2016-01-19.")).wait_for()
    tab.locator(".archive-signatories input").wait_for()
    # The CMS loads the collection's entries and its drafts after showing the form, and may draw
    # the form again then: wait until it has asked its backend for nothing for a second. (Not the
    # page's "network idle": the preview's own connections keep the network busy on a slow machine.)
    backend.wait_until_quiet()
    return _


class BackendRequests:
    """The tab's requests to the CMS's backend (the local proxy's ``/api/v1``), counted as they come and go."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.pending: set = set()
        self.last = time.monotonic()
        tab.on("request", self._started)
        tab.on("requestfinished", self._ended)
        tab.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        if "/api/v1" in request.url:
            self.pending.add(request)
            self.last = time.monotonic()

    def _ended(self, request) -> None:
        if request in self.pending:
            self.pending.discard(request)
            self.last = time.monotonic()

    def wait_until_quiet(self, quiet: float = 1.0, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.pending or time.monotonic() - self.last < quiet:
            assert time.monotonic() < deadline, f"the CMS kept asking its backend for {timeout:.0f} s: {sorted(r.url for r in self.pending)}"
            self.tab.wait_for_timeout(100)  # Playwright delivers the tab's events while it waits


def problems(tab) -> list[str]:
    """The tab's problems, but for the requests the CMS cancels itself when it reloads a list."""
    return [p for p in tab.problems if not (p.startswith("failed: ") and p.endswith("/api/v1 (net::ERR_ABORTED)"))]


def _field(tab, label: str):
    """The input of the field labelled ``label`` (the CMS links each label to its input)."""
    # An optional field's label ends with "(optional)".
    target = tab.locator("label").filter(has_text=re.compile("^" + re.escape(label) + r"( \(.*\))?$", re.I)).first
    return tab.locator("#" + target.get_attribute("for"))


def _publish(tab) -> None:
    tab.get_by_role("button", name=re.compile("^(publish|publicar)$", re.I)).click()
    tab.get_by_text(re.compile("^(publish now|publicar ahora)$", re.I)).click()


def test_a_statement_made_in_the_form_is_checked_and_published(edit, context):
    with watched_tab(context) as tab:
        _ = _open_form(tab, edit)
        before = edit.statements()
        _field(tab, _("Title")).fill("Carta abierta por la memoria de los mártires")
        _field(tab, _("Date")).fill("2024-03-08")
        _field(tab, _("Place")).fill("San Salvador, El Salvador")
        # The language: Spanish, chosen among the options.
        tab.locator(".archive-signatories").wait_for()
        _field(tab, _("Language")).click()
        tab.get_by_role("option", name=f"{_('Spanish')} (es)", exact=True).click()
        _field(tab, _("Kind")).click()
        tab.get_by_role("option", name=_("open letter"), exact=True).click()
        picker = tab.locator(".archive-signatories input")
        for typed, chosen in (("solidaridad pueblo", "cispes"), ("sister", "sister-cities"), ("fundación sh", "share")):
            picker.press_sequentially(typed)
            tab.locator(".archive-option").first.click()
            tab.locator(f'.archive-chosen[data-id="{chosen}"]').wait_for()
        body = tab.locator("[data-slate-editor], textarea").first
        body.click()
        tab.keyboard.type("Las organizaciones firmantes recordamos a los mártires.")
        _publish(tab)
        path = Path("statements/2024/2024-03-08-carta-abierta-por-la-memoria-de-los-martires.md")
        year_page = path.parent / "index.md"  # the year's first statement: make edit writes its page
        deadline = time.monotonic() + 30
        while not ((edit.root / path).exists() and (edit.root / year_page).exists()) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert edit.statements() - before == {path, year_page}, (edit.statements() - before, tab.inner_text("body")[:2000])
        text = (edit.root / path).read_text(encoding="utf-8")
        assert "signatories:\n  - cispes\n  - sister-cities\n  - share\n" in text, text
        assert "language: es\n" in text and "kind: open letter\n" in text, text
        check = subprocess.run([sys.executable, "-m", "solidarity_archive", "check"], cwd=edit.root, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr + text
        page = f"{edit.url}/statements/2024/{path.stem}.html"
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(page, timeout=5) as response:
                    html = response.read().decode()
                if "memoria de los mártires" in html:
                    break
            except Exception:
                pass
            assert time.monotonic() < deadline, edit.log.read_text()[-3000:]
            time.sleep(1)
        assert "Las organizaciones firmantes recordamos" in html
        assert not problems(tab), tab.problems


def test_the_form_refuses_what_check_refuses_with_its_messages(edit, context):
    with watched_tab(context) as tab:
        _ = _open_form(tab, edit)
        before = edit.statements()
        _field(tab, _("Title")).fill("Declaración imposible")
        _field(tab, _("Date")).fill("2016-02-30")
        tab.locator(".archive-signatories input").press_sequentially("cispes")
        tab.locator(".archive-option").first.click()
        tab.locator("[data-slate-editor], textarea").first.click()
        tab.keyboard.type("Texto.")
        _publish(tab)
        # check's own words: "date '2016-02-30' is not a real date (February 2016 has 29 days)", "place is empty".
        date = _("{key} '{value}' is not a real date ({month} {year} has {days} days)").format(
            key="date", value="2016-02-30", month=_("February"), year=2016, days=29
        )
        place = _("{key} is empty").format(key="place")
        try:
            tab.get_by_text(date, exact=True).wait_for()
        except Exception:
            raise AssertionError(tab.inner_text("body")[:3000]) from None
        tab.get_by_text(place, exact=True).wait_for()
        # A title whose file name check would refuse ('_' is kept by the CMS's slug).
        for label, value in ((_("Date"), "2016-02-29"), (_("Place"), "San Salvador, El Salvador"), (_("Title"), "Paz_y justicia")):
            _field(tab, label).fill("")  # the CMS keeps the caret where it was: empty the field first
            _field(tab, label).fill(value)
        _publish(tab)
        name = _("file name '{name}' does not follow YYYY-MM-DD-short-slug.md (lowercase letters, digits, hyphens); rename it to '{suggested}'")
        try:
            tab.get_by_text(name.format(name="2016-02-29-paz_y-justicia.md", suggested="2016-02-29-paz-y-justicia.md"), exact=True).wait_for()
        except Exception:
            raise AssertionError(tab.inner_text("body")[:1500]) from None
        time.sleep(1)
        assert edit.statements() == before
        assert not problems(tab), tab.problems


def _check_says(edit: Edit, tmp_path: Path, path: str, text: str) -> list[str]:
    """What ``solidarity-archive check`` prints about ``path`` holding ``text``, in a copy of the archive."""
    copy = tmp_path / "checked"
    copy.mkdir()
    shutil.copy2(edit.root / "conf.py", copy / "conf.py")
    for name in ("source", "statements"):
        shutil.copytree(edit.root / name, copy / name)
    (copy / path).write_text(text, encoding="utf-8", newline="")
    check = subprocess.run([sys.executable, "-m", "solidarity_archive", "--lang", edit.language, "check"], cwd=copy, capture_output=True, text=True)
    shutil.rmtree(copy)
    return [line for line in check.stdout.splitlines() if line.startswith(path + ":")]


def test_the_form_refuses_a_text_check_refuses_with_its_messages(edit, context, tmp_path):
    """A text that check refuses (a line MyST reads as a comment, a directive that reads another file)
    is refused before it is written, with check's lines at the text; a good text is then written."""
    with watched_tab(context) as tab:
        _ = _open_form(tab, edit)
        before = edit.statements()
        _field(tab, _("Title")).fill("Carta por la paz")
        _field(tab, _("Date")).fill("2016-02-29")
        _field(tab, _("Place")).fill("San Salvador, El Salvador")
        tab.locator(".archive-signatories input").press_sequentially("cispes")
        tab.locator(".archive-option").first.click()
        body = tab.locator(".archive-body .cms-editor-raw [data-slate-editor]")
        if not body.count():  # the CMS opens the text in its rich editor: its Markdown, as written
            tab.locator(".archive-body [role=switch]").click()
        body.wait_for()

        def type_text(text: str) -> None:
            body.click()
            tab.keyboard.press("ControlOrMeta+a")
            tab.keyboard.press("Delete")
            tab.keyboard.type(text)

        refused = {
            "statement.comment": "Las organizaciones firmantes recordamos que el 40\n% de la población vive en la pobreza.",
            "statement.include": "Las organizaciones firmantes.\n\n```{include} ../../conf.py\n```\n",
        }
        shown_before: list[str] = []
        for kind, typed in refused.items():
            type_text(typed)
            with tab.expect_request(lambda r: r.method == "POST" and r.url.endswith("/check")) as asked:
                _publish(tab)
            sent = asked.value.post_data_json
            problems_shown = tab.locator(".archive-body ul.archive-problems li")
            try:
                problems_shown.first.wait_for()
            except Exception:
                raise AssertionError(tab.inner_text("body")[:3000]) from None
            shown = problems_shown.all_inner_texts()
            assert sent["path"] == "statements/2016/2016-02-29-carta-por-la-paz.md", sent
            says = _check_says(edit, tmp_path, sent["path"], sent["text"])
            assert shown == says and any(line.endswith(f"[{kind}]") for line in shown), (shown, says, sent["text"])
            assert shown != shown_before
            shown_before = shown
            time.sleep(1)
            assert edit.statements() == before
        # A good text is written, and check accepts it.
        type_text("Las organizaciones firmantes recordamos que el 40 % de la población vive en la pobreza.")
        tab.locator(".archive-body ul.archive-problems").wait_for(state="detached")
        _publish(tab)
        path = Path("statements/2016/2016-02-29-carta-por-la-paz.md")
        deadline = time.monotonic() + 30
        while not (edit.root / path).exists() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert edit.statements() - before == {path}, tab.inner_text("body")[:2000]
        time.sleep(0.5)
        check = subprocess.run([sys.executable, "-m", "solidarity_archive", "check"], cwd=edit.root, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        # The CMS logs each refused save as an error of its own: those are the refusals above.
        assert not [p for p in problems(tab) if "[statement." not in p], tab.problems


def test_the_registry_is_edited_as_entries_and_keeps_its_comments(edit, context):
    registry = edit.root / "source" / "signatories.yaml"
    before = registry.read_text(encoding="utf-8")
    with watched_tab(context) as tab:
        _ = words(edit.language)
        tab.goto(f"{edit.url}/admin/#/collections/registry/entries/signatories")
        login = tab.get_by_role("button", name=re.compile("^(login|iniciar sesión)$", re.I))
        summary = tab.get_by_text("SHARE Foundation (share)")
        login.or_(summary).first.wait_for()
        if login.count():
            login.click()
            tab.goto(f"{edit.url}/admin/#/collections/registry/entries/signatories")
        summary.wait_for()
        # A new organisation, at the end of the list.
        tab.get_by_role("button", name=re.compile("^(add|añadir|agregar)", re.I)).first.click()
        fields = {"Id": "red-de-mujeres", "Name": "Red de Mujeres por la Paz", "Acronym": "REMUPAZ", "Country": "El Salvador"}
        for label, value in fields.items():
            _field_last(tab, _(label)).fill(value)
        _publish(tab)
        deadline = time.monotonic() + 30
        # The proxy writes the file in place: read it once the new entry's last line is there.
        while not registry.read_text(encoding="utf-8").endswith("  country: El Salvador\n") and time.monotonic() < deadline:
            time.sleep(0.3)
        text = registry.read_text(encoding="utf-8")
        assert text.startswith(before.rstrip("\n") + "\n"), text  # every comment and entry kept, in order
        assert text.endswith("\nred-de-mujeres:\n  name: Red de Mujeres por la Paz\n  acronym: REMUPAZ\n  country: El Salvador\n"), text
        check = subprocess.run([sys.executable, "-m", "solidarity_archive", "check"], cwd=edit.root, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert not problems(tab), tab.problems


def _field_last(tab, label: str):
    """The input of the last field labelled ``label`` (a list's newest entry)."""
    target = tab.locator("label").filter(has_text=re.compile("^" + re.escape(label) + r"( \(.*\))?$", re.I)).last
    return tab.locator("#" + target.get_attribute("for"))
