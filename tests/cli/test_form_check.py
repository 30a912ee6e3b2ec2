"""``make edit``'s check of a statement before the form writes it (``cli/form_check.py``).

It answers only the form of this computer's preview (a POST of JSON, from the preview's address,
to its own), only about a file under the statements' folder and of a statement's size at most, and
with exactly what ``read_statement`` finds in the file, as ``check`` reads it, in the form's language.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import shutil
from pathlib import Path

import pytest
from paths import REPO

from solidarity_archive.cli import form_check
from solidarity_archive.cli.project import find_layout
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.validation import MAX_STATEMENT_BYTES, read_statement
from solidarity_archive.myst import parse_statement_text
from tests.browser import words

PREVIEW = 8765
PATH = "statements/2016/2016-02-29-paz-y-justicia.md"
BAD = """---
title: Paz y justicia
date: 2016-02-29
place: San Salvador, El Salvador
signatories:
  - cispes
language: es
kind: open letter
---

Las organizaciones firmantes recordamos que el 40
% de la población vive en la pobreza.

```{include} ../../conf.py
```

<b>raw html</b> and [x](../../.git/config)

# Otro título
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("form-check") / "archive"
    root.mkdir()
    shutil.copy2(REPO / "conf.py", root / "conf.py")
    for name in ("source", "statements"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def server(archive):
    layout, settings = find_layout(archive)
    server = form_check.start(layout, settings, PREVIEW)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def ask(server, body: bytes | str | None = None, *, method: str = "POST", path: str = "/check", headers: dict | None = None):
    sent = {"Origin": f"http://127.0.0.1:{PREVIEW}", "Content-Type": "application/json", **(headers or {})}
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        connection.request(method, path, body=body, headers={k: v for k, v in sent.items() if v is not None})
        response = connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data) if data else None
    finally:
        connection.close()


def statement(path: str = PATH, text: str = BAD) -> bytes:
    return json.dumps({"path": path, "text": text}).encode("utf-8")


def expected(archive: Path, path: str, text: str, language: str) -> list[str]:
    layout, settings = find_layout(archive)
    registry, _problems = registry_module.load(archive / layout.registry_path, layout.registry_path)
    result = read_statement(
        text.encode("utf-8"), path=path, docname=path[:-3], registry=registry, today=settings.current_date(),
        markdown=parse_statement_text, folder=(archive / path).parent,
    )  # fmt: skip
    return [p.translated(words(language)) for p in result.problems]


@pytest.mark.parametrize("language", ["en", "es"])
def test_it_finds_what_read_statement_finds_in_the_forms_language(archive, server, language):
    before = sorted(p.relative_to(archive) for p in archive.rglob("*"))
    status, headers, answer = ask(server, statement(), headers={"Accept-Language": language})
    assert status == 200, answer
    assert headers["Access-Control-Allow-Origin"] == f"http://127.0.0.1:{PREVIEW}"
    lines = [p["text"] for p in answer["problems"]]
    assert lines == expected(archive, PATH, BAD, language)
    # The text's own rules, at their lines: the comment, the include, the raw HTML, the link, the heading.
    assert [p["type"] for p in answer["problems"]] == [
        "statement.comment", "statement.include", "statement.raw-html", "statement.outside-statement", "statement.heading",
    ]  # fmt: skip
    assert [p["line"] for p in answer["problems"]] == [12, 14, 17, 17, 19]
    _ = words(language)
    assert answer["problems"][1]["message"] == _(
        "the '{name}' directive is not allowed in a statement: it reads another file, and a statement is one self-contained file; paste the text in instead"
    ).format(name="include")
    assert sorted(p.relative_to(archive) for p in archive.rglob("*")) == before  # nothing written


def test_a_good_statement_has_no_problems(server):
    good = BAD.split("\n---\n", 1)[0] + "\n---\n\nLas organizaciones firmantes recordamos a los mártires.\n"
    status, _headers, answer = ask(server, statement(text=good))
    assert (status, answer) == (200, {"problems": []})


def test_the_frontmatter_and_the_file_name_as_check_reads_them(archive, server):
    text = BAD.replace("date: 2016-02-29", "date: 2016-02-30").split("\n---\n", 1)[0] + "\n---\n\nTexto.\n"
    path = "statements/2016/2016-02-30-paz_y-justicia.md"
    status, _headers, answer = ask(server, statement(path, text))
    assert status == 200
    assert [p["text"] for p in answer["problems"]] == expected(archive, path, text, "en")
    assert {p["type"] for p in answer["problems"]} >= {"statement.date", "statement.filename"}


@pytest.mark.parametrize(
    "origin",
    [None, "null", "http://evil.example", f"http://127.0.0.1:{PREVIEW + 1}", f"https://127.0.0.1:{PREVIEW}", f"http://127.0.0.1.evil.example:{PREVIEW}"],
)
def test_it_refuses_another_origin(server, origin):
    status, headers, _answer = ask(server, statement(), headers={"Origin": origin})
    assert status == 403
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _answer = ask(server, None, method="OPTIONS", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_it_refuses_another_host(server):
    # A name that another site makes point at 127.0.0.1 (DNS rebinding) is not the check's address.
    status, _headers, _answer = ask(server, statement(), headers={"Host": f"archive.evil.example:{server.server_port}"})
    assert status == 403


def test_the_preview_may_ask_first(server):
    status, headers, _answer = ask(
        server, None, method="OPTIONS", headers={"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == f"http://127.0.0.1:{PREVIEW}"
    assert headers["Access-Control-Allow-Methods"] == "POST"
    localhost = {"Origin": f"http://localhost:{PREVIEW}", "Host": f"localhost:{server.server_port}"}
    assert ask(server, statement(), headers=localhost)[0] == 200


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "PATCH"])
def test_only_post(server, method):
    status, headers, _answer = ask(server, statement() if method not in ("GET", "HEAD") else None, method=method)
    assert status == 405 and headers["Allow"] == "POST"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_only_json(server, content_type):
    status, _headers, _answer = ask(server, statement(), headers={"Content-Type": content_type})
    assert status == 415


@pytest.mark.parametrize(
    "body", [b"not json", b"\xff\xfe", b"[]", b'{"path": "statements/2016/2016-02-29-x.md"}', b'{"path": "statements/2016/2016-02-29-x.md", "text": 3}']
)
def test_it_refuses_what_is_not_a_statement_file_in_json(server, body):
    assert ask(server, body)[0] == 400


@pytest.mark.parametrize(
    "path",
    [
        "conf.py", "source/signatories.yaml", "../statements/2016/2016-02-29-x.md", "/etc/passwd", "statements/../conf.md",
        "statements/2016/../../source/x.md", "statements//2016/x.md", "statements\\2016\\x.md", "statements/2016/2016-02-29-x.txt",
        "statements", "statementsx/2016/2016-02-29-x.md", "./statements/2016/2016-02-29-x.md", None, 3,
    ],
)  # fmt: skip
def test_it_refuses_paths_outside_the_statements(server, path):
    status, _headers, answer = ask(server, json.dumps({"path": path, "text": BAD}))
    assert status == 400, answer


def test_it_refuses_a_folder_that_leads_outside(archive, server):
    (archive / "statements" / "elsewhere").symlink_to(archive / "source", target_is_directory=True)
    status, _headers, _answer = ask(server, statement("statements/elsewhere/2016-02-29-x.md"))
    assert status == 400


def test_it_refuses_more_than_a_statement(server):
    # Refused on its length alone, before a byte of it is read.
    size = MAX_STATEMENT_BYTES + 128 * 1024
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    try:
        connection.putrequest("POST", "/check")
        for name, value in (
            ("Origin", f"http://127.0.0.1:{PREVIEW}"),
            ("Content-Type", "application/json"),
            ("Content-Length", str(size)),
            ("Accept-Language", "es"),
        ):
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        status, answer = response.status, json.loads(response.read())
    finally:
        connection.close()
    assert status == 413
    assert answer["error"] == words("es")("the file is {size} KB; a statement may be at most {limit} MB").format(size=size // 1024, limit=2)


def test_a_statement_just_over_the_limit_gets_checks_message(archive, server):
    text = BAD + "x" * MAX_STATEMENT_BYTES
    status, _headers, answer = ask(server, statement(text=text))
    assert status == 200
    assert [p["text"] for p in answer["problems"]] == expected(archive, PATH, text, "en")
    assert answer["problems"][-1]["type"] == "statement.size"


def test_make_edit_gives_the_preview_the_checks_port():
    from solidarity_archive.cli.edit import commands

    _proxy, _env, preview = commands(Path("/archive"), 8000, 8081, [], 43210)
    assert "archive_cms_check_port=43210" in preview


def test_the_published_form_has_no_check(tmp_path):
    from solidarity_archive.html.cms import write_form

    registry, _problems = registry_module.load(REPO / "source" / "signatories.yaml", "source/signatories.yaml")
    bundle = REPO / "node_modules" / "decap-cms" / "dist"
    if not (bundle / "decap-cms.js").is_file():
        pytest.skip("the form's bundle is not installed (make node-tools)")
    today = dt.date(2026, 1, 15)
    write_form(tmp_path / "site", registry, bundle=bundle, today=today)
    assert '"check"' not in (tmp_path / "site" / "archive-form-rules.js").read_text(encoding="utf-8")
    write_form(tmp_path / "edit", registry, bundle=bundle, today=today, check_port=43210, language="es")
    rules = json.loads((tmp_path / "edit" / "archive-form-rules.js").read_text(encoding="utf-8").split(" = ", 1)[1].rstrip(";\n"))
    assert rules["check"] == {"url": "http://127.0.0.1:43210/check", "language": "es"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_rebuild_leaves_the_form_files_it_would_write_the_same(tmp_path, language):
    # make edit's preview rebuilds while the form may be loading in a browser: a file the same as
    # the one there is left as it is, and one that changes is replaced whole (never half written).
    from solidarity_archive.html.cms import write_form

    registry, _problems = registry_module.load(REPO / "source" / "signatories.yaml", "source/signatories.yaml")
    bundle = REPO / "node_modules" / "decap-cms" / "dist"
    if not (bundle / "decap-cms.js").is_file():
        pytest.skip("the form's bundle is not installed (make node-tools)")
    site = tmp_path / "site"
    write_form(site, registry, bundle=bundle, today=dt.date(2026, 1, 15), language=language)
    first = {path.name: path.stat().st_ino for path in site.iterdir()}
    write_form(site, registry, bundle=bundle, today=dt.date(2026, 1, 15), language=language)
    assert {path.name: path.stat().st_ino for path in site.iterdir()} == first
    write_form(site, registry, bundle=bundle, today=dt.date(2026, 1, 15), language=language, check_port=43210)  # make edit's check
    again = {path.name: path.stat().st_ino for path in site.iterdir()}
    assert again.keys() == first.keys()
    assert [name for name in first if again[name] != first[name]] == ["archive-form-rules.js"]
    assert not [path for path in site.iterdir() if path.name.endswith(".tmp")]
