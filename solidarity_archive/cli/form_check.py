"""``make edit``'s check of a statement before the form writes it: ``check``'s reading of one file.

The statement form checks each field in the browser with the validator's rules, but a statement's
text is read once, by MyST, in Python (``core/statement_text.py``). So, while ``make edit`` runs,
this small server on 127.0.0.1 receives the file the form is about to write (its path and its
whole text), reads it with ``read_statement`` exactly as ``check`` does (the registry, today's
date, MyST's parser, the statement's folder) and answers with ``check``'s lines, in the form's
language. It never writes anything.

Only the form's page may use it: a POST of JSON (at most a statement's size, plus room for its
JSON), a path under the statements' folder, from the live preview's address (``Origin``) to this
server's own (``Host``), so that another site open in the browser cannot.
"""

from __future__ import annotations

import contextlib
import gettext
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from solidarity_archive.cli.i18n import CATALOG, LANGUAGES, LOCALE_DIR
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.model import Problem
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.core.settings import Settings
from solidarity_archive.core.validation import MAX_STATEMENT_BYTES, read_statement

#: A request may hold a whole statement (at most ``MAX_STATEMENT_BYTES``) and its JSON around it.
MAX_REQUEST_BYTES = MAX_STATEMENT_BYTES + 64 * 1024
HOSTS = ("127.0.0.1", "localhost")


def translator(accept_language: str | None) -> Callable[[str], str]:
    """The catalog of the form's language (its ``Accept-Language``); English otherwise."""
    tag = (accept_language or "en").split(",", 1)[0].split(";", 1)[0].strip()
    language = tag.replace("_", "-").split("-", 1)[0].lower()
    if language not in LANGUAGES or language == "en":
        return lambda message: message
    return gettext.translation(CATALOG, localedir=str(LOCALE_DIR), languages=[language], fallback=True).gettext


def statement_path(path: object, statements_dir: str) -> str | None:
    """``path`` if it names a Markdown file under the statements' folder, else None."""
    if not isinstance(path, str) or not path.endswith(".md") or "\\" in path or "\0" in path:
        return None
    if not path.startswith(statements_dir.strip("/") + "/") or any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


def check_file(layout: ArchiveLayout, settings: Settings, path: str, text: str, markdown) -> list[Problem]:
    """The problems ``check`` finds in the file ``path`` holding ``text`` (nothing is written)."""
    registry, _problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    folder = (layout.root / path).parent
    return read_statement(
        text.encode("utf-8"), path=path, docname=path[: -len(".md")], registry=registry, today=settings.current_date(), markdown=markdown, folder=folder
    ).problems


class CheckServer(ThreadingHTTPServer):
    """The check, on 127.0.0.1; ``preview_port``: the live preview's, the only page allowed to ask."""

    daemon_threads = True

    def __init__(self, layout: ArchiveLayout, settings: Settings, preview_port: int, port: int = 0, markdown=None):
        if markdown is None:
            from solidarity_archive.myst import parse_statement_text as markdown
        self.layout, self.settings, self.markdown = layout, settings, markdown
        self.origins = {f"http://{host}:{preview_port}" for host in HOSTS}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), CheckHandler)
        self.hosts = {f"{host}:{self.server_port}" for host in HOSTS}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/check"

    def problems(self, path: str, text: str) -> list[Problem]:
        root = self.layout.root.resolve()
        inside = (root / self.layout.statements_dir).resolve()
        if not (root / path).resolve().is_relative_to(inside):
            raise ValueError(path)
        with self.lock:  # one reading at a time: MyST's parser is shared
            return check_file(self.layout, self.settings, path, text, self.markdown)


class CheckHandler(BaseHTTPRequestHandler):
    server: CheckServer
    server_version = "archive-check"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - the standard library's name
        pass

    def _allowed_origin(self) -> str | None:
        origin = self.headers.get("Origin")
        host = self.headers.get("Host")
        if host not in self.server.hosts or origin not in self.server.origins:
            return None
        return origin

    def _reply(self, status: int, payload: dict | None, origin: str | None = None, extra: dict[str, str] | None = None) -> None:
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _refuse(self, status: int, reason: str, origin: str | None = None) -> None:
        self.close_connection = True
        self._reply(status, {"error": reason}, origin)

    def do_OPTIONS(self) -> None:  # noqa: N802 - the standard library's name
        """The browser's question before a cross-origin POST of JSON: yes, for the preview only."""
        origin = self._allowed_origin()
        if origin is None:
            return self._refuse(403, "only the statement form of this computer's preview may use this check")
        if self.headers.get("Access-Control-Request-Method") != "POST":
            return self._refuse(405, "only POST")
        extra = {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600"}
        self._reply(204, None, origin, extra)

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        origin = self._allowed_origin()
        if origin is None:
            return self._refuse(403, "only the statement form of this computer's preview may use this check")
        if self.path.split("?", 1)[0] != "/check":
            return self._refuse(404, "not found", origin)
        if self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower() != "application/json":
            return self._refuse(415, "only JSON", origin)
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._refuse(411, "the request's length is needed", origin)
        gettext_ = translator(self.headers.get("Accept-Language"))
        if length < 0 or length > MAX_REQUEST_BYTES:
            limit = MAX_STATEMENT_BYTES // 1024 // 1024
            message = gettext_("the file is {size} KB; a statement may be at most {limit} MB").format(size=max(length, 0) // 1024, limit=limit)
            return self._refuse(413, message, origin)
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self._refuse(400, "not JSON", origin)
        if not isinstance(request, dict) or not isinstance(request.get("text"), str):
            return self._refuse(400, 'expected {"path": …, "text": …}', origin)
        path = statement_path(request.get("path"), self.server.layout.statements_dir)
        try:
            if path is None:
                raise ValueError(request.get("path"))
            problems = self.server.problems(path, request["text"])
        except ValueError:
            return self._refuse(400, f"only a statement's file under {self.server.layout.statements_dir}/", origin)
        found = [
            {"line": p.line, "column": p.column, "type": f"statement.{p.subtype}", "message": p.translated_message(gettext_), "text": p.translated(gettext_)}
            for p in problems
        ]
        self._reply(200, {"problems": found}, origin)

    def _not_allowed(self) -> None:
        self.close_connection = True
        self._reply(405, None if self.command == "HEAD" else {"error": "only POST"}, None, {"Allow": "POST"})

    do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815


def start(layout: ArchiveLayout, settings: Settings, preview_port: int, port: int = 0) -> CheckServer:
    """The check, serving in a thread of its own; ``shutdown()`` stops it."""
    server = CheckServer(layout, settings, preview_port, port)
    threading.Thread(target=server.serve_forever, name="form-check", daemon=True).start()
    threading.Thread(target=_warm_up, args=(server,), daemon=True).start()
    return server


def _warm_up(server: CheckServer) -> None:
    """MyST's parser is made on its first use: make it now, not while the form waits."""
    with contextlib.suppress(Exception):  # the first real check says what is wrong
        server.problems(f"{server.layout.statements_dir}/2000/2000-01-01-warm-up.md", "---\ntitle: x\n---\n\nText.\n")
