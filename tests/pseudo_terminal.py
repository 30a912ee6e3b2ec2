"""A command run on a pseudo-terminal, answered as a person would: wait for a question, type, read on.

The pseudo-terminal is the command's controlling terminal, so Ctrl-C (``CTRL_C``)
interrupts it as it would in a terminal window.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

CTRL_C = "\x03"
CTRL_D = "\x04"
#: Terminal escapes (colours, bracketed paste, cursor moves) a line editor may print.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def _controlling_terminal() -> None:  # pragma: no cover - runs in the child
    """The command as a shell starts it in the foreground: its own session on the terminal, and Ctrl-C and
    Ctrl-\\ with their default actions. A test run started in the background (``make test &``, ``nohup``)
    ignores SIGINT and SIGQUIT, as a shell without job control sets them for a background command, and
    an ignored signal stays ignored across ``exec``: Python would then leave Ctrl-C ignored in the command."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


class Terminal:
    """``solidarity-archive *args`` in ``cwd`` on a 300-column pseudo-terminal."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str], timeout: float = 60):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 300, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "solidarity_archive", *args],
            cwd=cwd,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        self.timeout = timeout
        self.output = ""  # everything shown, escapes removed
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may come in two reads
        self.shown = ""
        self.read_up_to = 0

    def _read(self, wait: float) -> bool | None:
        """Read what is shown: True (something), None (nothing yet), False (the terminal is closed)."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return None
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the command ended and closed the terminal
            return False
        if not data:
            return False
        self.shown += self.decoder.decode(data)
        self.output = ESCAPES.sub("", self.shown)
        return True

    def expect(self, text: str) -> str:
        """Wait until ``text`` is shown (after what earlier calls matched); returns what was shown up to it."""
        deadline = time.monotonic() + self.timeout
        while text not in self.output[self.read_up_to :]:
            if time.monotonic() > deadline or self._read(0.2) is False and text not in self.output[self.read_up_to :]:
                raise AssertionError(f"{text!r} was never shown; the terminal shows:\n{self.output}")
        end = self.output.index(text, self.read_up_to) + len(text)
        shown, self.read_up_to = self.output[self.read_up_to : end], end
        return shown

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))
        time.sleep(0.05)

    def answer(self, question: str, answer: str) -> str:
        """Wait for ``question``, then type ``answer`` and Enter."""
        shown = self.expect(question)
        self.send(answer + "\r")
        return shown

    def paste(self, text: str) -> None:
        """Paste ``text`` and end it with Ctrl-D on an empty line."""
        for line in text.splitlines():
            self.send(line + "\r")
        self.send(CTRL_D)

    def process_state(self) -> str:
        """What the kernel says of the command: its state, signals pending, blocked, ignored and caught, and
        each thread's name and where it waits (Linux; for a command that did not end when expected)."""
        folder = Path(f"/proc/{self.process.pid}")
        try:
            status = dict(line.split(":\t", 1) for line in (folder / "status").read_text().splitlines() if ":\t" in line)
            threads = [
                f"{(task / 'comm').read_text().strip()} waiting in {(task / 'wchan').read_text().strip() or '-'}"
                for task in sorted((folder / "task").iterdir())
            ]
        except OSError as error:
            return f"no state: {error}"
        signals = ", ".join(f"{name} {status.get(name, '?').strip()}" for name in ("State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"))
        return f"{signals}; threads: {'; '.join(threads)}"

    def finish(self) -> int:
        """Wait for the command to end; its exit code."""
        deadline = time.monotonic() + self.timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.1) is True:
            pass
        if self.process.poll() is None:
            state = self.process_state()
            self.process.kill()
            raise AssertionError(f"the command did not end ({state}); the terminal shows:\n{self.output}")
        os.close(self.master)
        return self.process.returncode
