"""``make preview``: the archive served on this computer, rebuilt and reloaded each time a file is saved.

Two processes. This one serves the built pages on 127.0.0.1, watches the
project's files and tells every open page to reload (a WebSocket at
``/websocket-reload``, and a short script added to each HTML page it serves).
The builder (``html/preview_builder.py``), a program of its own, keeps one
Sphinx application from one build to the next: saving a statement costs
reading that statement and writing the pages that show it, not starting
Python, Sphinx and the archive's extension again and reading the whole build
environment back, as a new ``sphinx-build`` for each save would (the way
sphinx-autobuild works). Open pages reload as soon as the pages are written;
the downloads, the search index and the checks are finished after.

A saved file that is not a page's source (``conf.py``, the registry, a
template, the extension's own code, a catalog) replaces the builder with a
fresh one, so the application that builds is always the one a new
``sphinx-build`` would make. A build that fails does the same at the next save.

Usage: ``python -m solidarity_archive.cli.preview SOURCEDIR OUTDIR [--host HOST]
[--port PORT] [--ignore PATH]... [--re-ignore REGEX]... [SPHINX OPTIONS]``, where
the Sphinx options are the few of ``sphinx-build`` a preview uses: ``-j``,
``-n``, ``-W``, ``--keep-going``, ``-q``, ``-D name=value``, ``-d DIR``, ``-b``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote

from solidarity_archive.cli.i18n import _, set_language

#: Files whose change a kept application reads as Sphinx reads a page's change. Any other file saved
#: (configuration, registry, templates, code, catalogs, images) starts a fresh builder.
PAGE_SUFFIXES = (".md",)
#: Never watched: what builds and tools write, and editors' own files.
IGNORED_NAMES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "_build", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nox"}
)
IGNORED_FILES = re.compile(r"(\.swp|\.swx|\.swo|~|\.tmp|\.part|\.crdownload)$|^(\.#|#)")
RELOAD_PATH = "/websocket-reload"
#: How long the watcher waits for more saves of the same moment before building (milliseconds).
WATCH_STEP_MS = 50


@dataclass(frozen=True)
class BuildOptions:
    """What the builder's Sphinx application is made from: ``sphinx-build``'s options a preview uses."""

    sourcedir: str
    outdir: str
    doctreedir: str
    builder: str = "html"
    jobs: int = 1
    overrides: dict[str, str] = field(default_factory=dict)
    fail_on_warning: bool = False
    quiet: bool = False


def sphinx_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("build options (as sphinx-build's)"))
    group.add_argument("-b", dest="builder", default="html", help=_("the builder (default: html)"))
    group.add_argument("-d", dest="doctreedir", help=_("where the build keeps its environment (default: OUTDIR/.doctrees)"))
    group.add_argument("-j", "--jobs", dest="jobs", default="1", help=_("how many processes read and write pages: a number, or auto"))
    group.add_argument("-D", dest="define", action="append", default=[], metavar="NAME=VALUE", help=_("override a setting of conf.py"))
    group.add_argument("-n", "--nitpicky", dest="nitpicky", action="store_true", help=_("warn about every reference that finds nothing"))
    group.add_argument("-W", "--fail-on-warning", dest="fail_on_warning", action="store_true", help=_("report a build with warnings as failed"))
    group.add_argument("--keep-going", action="store_true", help=_("accepted for sphinx-build's sake: the preview always goes on"))
    group.add_argument("-q", "--quiet", dest="quiet", action="store_true", help=_("print only warnings and errors"))


def build_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> BuildOptions:
    overrides = {}
    for item in args.define:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(_("-D takes NAME=VALUE, as in -D language=es; got {value!r}").format(value=item))
        overrides[name] = value
    if args.nitpicky:
        overrides["nitpicky"] = "1"
    if args.jobs == "auto":
        jobs = os.cpu_count() or 1
    elif args.jobs.isdigit() and int(args.jobs) > 0:
        jobs = int(args.jobs)
    else:
        parser.error(_("-j takes a number of processes or auto; got {value!r}").format(value=args.jobs))
    outdir = Path(args.outdir).resolve()
    doctreedir = Path(args.doctreedir).resolve() if args.doctreedir else outdir / ".doctrees"
    return BuildOptions(str(Path(args.sourcedir).resolve()), str(outdir), str(doctreedir), args.builder, jobs, overrides, args.fail_on_warning, args.quiet)


# -- the builder process ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """A build's outcome: whether it ran to its end, Sphinx's status, its seconds, when its pages were written,
    and the files of the pages written after that (the facet pages, the general index...)."""

    ok: bool
    statuscode: int
    seconds: float
    pages_seconds: float | None = None
    late: tuple[str, ...] = ()


class Builder:
    """The builder program (``html/preview_builder.py``), seen from the server: ``build()`` asks it for a build."""

    PROGRAM = "solidarity_archive.html.preview_builder"

    def __init__(self, options: BuildOptions):
        self.options = options
        self._process: subprocess.Popen | None = None
        self._replies: TextIO | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> bool:
        self.stop()
        read, write = os.pipe()
        command = [sys.executable, "-m", self.PROGRAM, "--reply-fd", str(write), json.dumps(asdict(self.options))]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, pass_fds=(write,), text=True)
        os.close(write)
        self._replies = os.fdopen(read, encoding="utf-8")
        return self._receive()[:2] == ["ready", True]

    def build(self, fresh: bool = False, on_written=None) -> Built:
        """One build; ``fresh``: by a new application (as after any failure). ``on_written(seconds)`` is
        called as soon as the pages are written, before the build's end."""
        started = time.perf_counter()
        if (fresh or not self.running) and not self.start():
            self.stop()
            return Built(False, 2, time.perf_counter() - started)
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write("build\n")
            self._process.stdin.flush()
        except OSError:
            self.stop()
            return Built(False, 2, time.perf_counter() - started)
        written = None
        while (answer := self._receive())[0] == "written":
            written = time.perf_counter() - started
            if on_written is not None:
                on_written(written)
        if answer[0] != "done" or not answer[1]:
            self.stop()
            return Built(False, 2, time.perf_counter() - started, written)
        late = tuple(answer[4]) if len(answer) > 4 else ()
        return Built(True, answer[2], time.perf_counter() - started, written, late)

    def _receive(self) -> list:
        line = self._replies.readline() if self._replies is not None else ""
        return json.loads(line) if line else ["done", False, 2, 0.0]

    def stop(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                with contextlib.suppress(OSError):
                    self._process.stdin.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.terminate()
                self._process.wait()
            self._process = None
        if self._replies is not None:
            self._replies.close()
            self._replies = None


# -- what a save means -------------------------------------------------------------------------------------------


def watched(path: Path, root: Path, ignored: tuple[Path, ...], patterns: tuple[re.Pattern, ...]) -> bool:
    """Whether a save of ``path`` calls for a build: a file of the project, not of a build, a tool or an editor."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return False
    if any(part in IGNORED_NAMES or part.endswith(".egg-info") for part in relative.parts):
        return False
    if IGNORED_FILES.search(path.name):
        return False
    if any(path == folder or folder in path.parents for folder in ignored):
        return False
    posix = path.as_posix()
    return not any(pattern.search(posix) for pattern in patterns)


def needs_fresh_builder(paths: list[Path]) -> bool:
    """Whether the saves change what the application was made from: anything but a page's source."""
    return any(path.suffix not in PAGE_SUFFIXES for path in paths)


def shown(paths: list[Path], root: Path) -> str:
    names = []
    for path in paths[:5]:
        with contextlib.suppress(ValueError):
            path = path.relative_to(root)
        names.append(path.as_posix())
    return ", ".join(names) + (" …" if len(paths) > 5 else "")


# -- the server ------------------------------------------------------------------------------------------------------


# Each page says which it is (its path) once connected, so that a page written late in a build reloads again.
RELOAD_SCRIPT = (
    f"<script>(function(){{var s=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'{RELOAD_PATH}');"
    "s.onopen=function(){s.send(location.pathname);};s.onmessage=function(){location.reload();};})();</script>"
)


def page_file(path: str) -> str:
    """The file, relative to the output folder, of the page a browser shows at ``path`` (a URL's path)."""
    relative = unquote(path).lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


class Reloads:
    """The open pages' WebSockets: each is told to reload after a build, or only those of some files."""

    def __init__(self) -> None:
        self.sockets: dict = {}  # each open page's WebSocket and its file (None until the page says)

    async def endpoint(self, websocket) -> None:
        from starlette.websockets import WebSocketDisconnect

        await websocket.accept()
        self.sockets[websocket] = None
        try:
            while True:
                self.sockets[websocket] = page_file(await websocket.receive_text())
        except WebSocketDisconnect:
            pass
        finally:
            self.sockets.pop(websocket, None)

    async def reload(self, files: Iterable[str] | None = None) -> None:
        """Every open page reloads; with ``files``, only the pages of those files (and any that has not said which it is)."""
        wanted = None if files is None else set(files)
        for websocket, file in list(self.sockets.items()):
            if wanted is None or file is None or file in wanted:
                with contextlib.suppress(Exception):
                    await websocket.send_text("reload")


def with_reload_script(app):
    """ASGI middleware: each HTML page served ends with the script that reloads it after a build."""
    script = RELOAD_SCRIPT.encode("utf-8")

    async def middleware(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        html = False

        async def sending(message):
            nonlocal html
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html:
                    message = dict(message)
                    message["headers"] = [
                        (name, str(int(value) + len(script)).encode() if name == b"content-length" else value) for name, value in message["headers"]
                    ]
            elif message["type"] == "http.response.body" and html and not message.get("more_body", False):
                message = dict(message, body=message.get("body", b"") + script)
            await send(message)

        await app(scope, receive, sending)

    return middleware


def whole_files(static_files, directory: str):
    """Starlette's ``StaticFiles`` (the class given), each file read whole before it is sent.

    The build rewrites files while open pages load them (Sphinx renders some of its
    static files again on every build; the downloads and the search's files follow the
    pages): a length taken from the file before it is read, as a streamed response takes
    it, could promise bytes the file no longer has, and the browser drops the file.
    """
    import mimetypes

    from starlette.responses import Response

    class WholeFiles(static_files):
        def file_response(self, full_path, stat_result, scope, status_code=200):
            try:
                content = Path(full_path).read_bytes()
            except OSError:
                return Response(status_code=404)
            media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
            return Response(content, status_code=status_code, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return WholeFiles(directory=directory, html=True)


def report(built: Built, url: str) -> None:
    if not built.ok:
        print(_("The build failed (above): the pages served are those of the last build. Fix the file and save it again."), flush=True)
    elif built.statuscode == 0:
        print(_("Rebuilt in {seconds:.1f} s. Serving on {url}").format(seconds=built.seconds, url=url), flush=True)
    else:
        print(_("Rebuilt in {seconds:.1f} s, with problems (above). Serving on {url}").format(seconds=built.seconds, url=url), flush=True)


async def rebuild(builder: Builder, reloads: Reloads, url: str, fresh: bool = False) -> Built:
    """One build in the builder process; the open pages reload as soon as the pages are written, the pages written
    after that (the facet pages, the general index) again at the end, and every page at the end if the build failed
    before (so that they show the pages left as they are)."""
    loop = asyncio.get_running_loop()

    def written(seconds: float) -> None:
        print(_("Pages written in {seconds:.1f} s: open pages reload; the downloads and the search follow.").format(seconds=seconds), flush=True)
        asyncio.run_coroutine_threadsafe(reloads.reload(), loop)

    built = await asyncio.to_thread(builder.build, fresh, written)
    report(built, url)
    if built.pages_seconds is None:
        await reloads.reload()
    elif built.late:
        await reloads.reload(built.late)
    return built


def watched_folders(root: Path, keep) -> list[Path]:
    """The project's own folders, each watched with all it holds; the project's folder itself is watched
    for its files only. The virtual environment, the node tools, the build output and the like, thousands
    of folders between them, are never watched (watching them would also delay the start)."""
    return sorted(path for path in root.iterdir() if path.is_dir() and not path.is_symlink() and keep(path))


async def saves(root: Path, keep, stop: asyncio.Event):
    """Each batch of saved files: one watcher for the project's folders (with all they hold), one for its own files."""
    import watchfiles

    batches: asyncio.Queue = asyncio.Queue()

    def watch_filter(_change, name: str) -> bool:
        return keep(Path(name))

    async def watching(paths: list[Path], recursive: bool) -> None:
        try:
            async for changes in watchfiles.awatch(*paths, watch_filter=watch_filter, step=WATCH_STEP_MS, stop_event=stop, recursive=recursive):
                await batches.put(changes)
        except Exception as error:  # a folder removed while watched, the system's limit of watches reached
            print(_("The preview stopped watching {paths}: {error}").format(paths=", ".join(map(str, paths)), error=error), file=sys.stderr, flush=True)

    folders = watched_folders(root, keep)
    tasks = [asyncio.create_task(watching([root], recursive=False))]
    if folders:
        tasks.append(asyncio.create_task(watching(folders, recursive=True)))
    try:
        while not stop.is_set():
            getter = asyncio.create_task(batches.get())
            stopped = asyncio.create_task(stop.wait())
            done, _pending = await asyncio.wait({getter, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                return
            stopped.cancel()
            changes = set(getter.result())
            while not batches.empty():  # the other watcher's part of the same save
                changes |= batches.get_nowait()
            yield sorted({Path(name) for _change, name in changes})
    finally:
        for task in tasks:
            task.cancel()


async def watch(root: Path, builder: Builder, reloads: Reloads, keep, url: str, stop: asyncio.Event) -> None:
    async for paths in saves(root, keep, stop):
        fresh = needs_fresh_builder(paths)
        print(_("Saved: {files}. Rebuilding…").format(files=shown(paths, root)), flush=True)
        if fresh and builder.running:
            print(_("Not a page's source: the build starts afresh, as sphinx-build would."), flush=True)
        await rebuild(builder, reloads, url, fresh)


def serve(options: BuildOptions, host: str, port: int, keep) -> int:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    url = f"http://{host}:{port}/"
    root = Path(options.sourcedir)
    Path(options.outdir).mkdir(parents=True, exist_ok=True)
    builder = Builder(options)
    print(_("Building the archive for the preview…"), flush=True)
    report(builder.build(), url)
    reloads = Reloads()
    stop = asyncio.Event()

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(watch(root, builder, reloads, keep, url, stop))
        print(_("Watching for saved files. Ctrl-C stops."), flush=True)
        yield
        stop.set()
        with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
            await asyncio.wait_for(task, timeout=5)

    app = Starlette(
        routes=[WebSocketRoute(RELOAD_PATH, reloads.endpoint), Mount("/", app=whole_files(StaticFiles, options.outdir))],
        lifespan=lifespan,
    )
    try:
        uvicorn.run(with_reload_script(app), host=host, port=port, log_level="warning")
    finally:
        builder.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    set_language(None)
    parser = argparse.ArgumentParser(prog="make preview", description=_("The archive served on this computer, rebuilt and reloaded each time a file is saved."))
    parser.add_argument("sourcedir", help=_("the project's folder (where conf.py is)"))
    parser.add_argument("outdir", help=_("where the preview's pages are built"))
    parser.add_argument("--host", default="127.0.0.1", help=_("the address to serve on (default: 127.0.0.1, this computer only)"))
    parser.add_argument("--port", type=int, default=8000, help=_("the port to serve on (default: 8000)"))
    parser.add_argument("--ignore", action="append", default=[], metavar="PATH", help=_("a file or folder whose saves do not rebuild"))
    parser.add_argument("--re-ignore", action="append", default=[], metavar="REGEX", help=_("files whose path matches do not rebuild"))
    sphinx_options(parser)
    args = parser.parse_args(argv)
    options = build_options(args, parser)
    root = Path(options.sourcedir)
    ignored = tuple(Path(p).resolve() for p in (*args.ignore, options.outdir, options.doctreedir))
    try:
        patterns = tuple(re.compile(p) for p in args.re_ignore)
    except re.error as error:
        parser.error(_("--re-ignore takes a regular expression: {error}").format(error=error))

    def keep(path: Path) -> bool:
        return watched(path, root, ignored, patterns)

    return serve(options, args.host, args.port, keep)


if __name__ == "__main__":
    sys.exit(main())
