"""``make edit``: the statement form on this computer. Three servers, all on 127.0.0.1 only:

- the form's local proxy (npm's ``decap-server``, pinned in package-lock.json), which reads and
  writes the archive's files in this folder: no sign-in, nothing leaves the computer;
- the live preview (``cli/preview.py``, as ``make preview``), which rebuilds a page when the
  form saves its file, and serves the form at ``/admin/``;
- the check of a statement before the form writes it (``cli/form_check.py``): ``check``'s reading
  of the file, its text by MyST, with ``check``'s messages; it writes nothing.

The form writes one file per statement; the first statement of a year also needs the year's page
(``statements/YYYY/index.md``), which this command writes as ``solidarity-archive new`` does.

Ctrl-C stops all three. Run as ``python -m solidarity_archive.cli.edit --port 8000 --proxy-port 8081``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from solidarity_archive.cli import form_check
from solidarity_archive.cli.i18n import _, set_language
from solidarity_archive.cli.project import find_layout
from solidarity_archive.core.statement_file import year_index_text

PROXY = Path("node_modules", "decap-server", "dist", "index.js")


def commands(root: Path, port: int, proxy_port: int, preview_args: list[str], check_port: int = 0) -> tuple[list[str], dict[str, str], list[str]]:
    """The proxy's command and environment, and the preview's command (``check_port``: the check's, for the form)."""
    node = shutil.which("node") or "node"
    proxy_env = dict(os.environ, BIND_HOST="127.0.0.1", PORT=str(proxy_port), MODE="fs", GIT_REPO_DIRECTORY=str(root), LOG_LEVEL="warn")
    preview = [
        sys.executable, "-m", "solidarity_archive.cli.preview", str(root), str(root / "_build" / "preview"), "--host", "127.0.0.1", "--port", str(port),
        "--ignore", str(root / "node_modules"), "-D", f"archive_cms_proxy_port={proxy_port}",
        "-D", f"archive_cms_check_port={check_port}", *preview_args,
    ]  # fmt: skip
    return [node, str(root / PROXY)], proxy_env, preview


def add_year_pages(statements: Path) -> list[Path]:
    """A year page for each year folder that has a statement but no ``index.md`` yet."""
    written = []
    for folder in sorted(statements.glob("[0-9][0-9][0-9][0-9]")):
        index = folder / "index.md"
        if folder.is_dir() and not index.exists() and not index.is_symlink() and any(folder.glob("*.md")):
            index.write_text(year_index_text(int(folder.name)), encoding="utf-8", newline="\n")
            written.append(index)
    return written


def main(argv: list[str] | None = None) -> int:
    set_language(None)
    parser = argparse.ArgumentParser(prog="make edit", description=_("The statement form on this computer, with the live preview."))
    parser.add_argument("--port", type=int, default=8000, help=_("the preview's port (the form is at /admin/)"))
    parser.add_argument("--proxy-port", type=int, default=8081, help=_("the local proxy's port"))
    parser.add_argument("--check-port", type=int, default=0, help=_("the check's port (default: any free port)"))
    parser.add_argument("preview_args", nargs=argparse.REMAINDER, help=_("options for the preview's build, after --"))
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not (root / PROXY).is_file():
        print(_("The form's local proxy is not installed: run 'make node-tools' (it needs npm)."), file=sys.stderr)
        return 2
    extra = [a for a in args.preview_args if a != "--"]
    layout, settings = find_layout(root)
    check = form_check.start(layout, settings, args.port, args.check_port)
    proxy_cmd, proxy_env, preview_cmd = commands(root, args.port, args.proxy_port, extra, check.server_port)
    proxy = subprocess.Popen(proxy_cmd, env=proxy_env, cwd=root, start_new_session=True)
    preview = subprocess.Popen(preview_cmd, cwd=root, start_new_session=True)
    print(_("The statement form: {url} (Ctrl-C stops)").format(url=f"http://127.0.0.1:{args.port}/admin/"), flush=True)

    def stop(*_args) -> None:
        for process in (preview, proxy):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))  # type: ignore[func-returns-value]  # stop, then exit
    try:
        while proxy.poll() is None and preview.poll() is None:
            for index in add_year_pages(root / "statements"):
                print(_("created the year page {path}").format(path=index.relative_to(root)), flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        check.shutdown()
        check.server_close()
        for process in (preview, proxy):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
