"""Asking in a terminal: one question at a time, and stopping without losing anything.

Ctrl-C, Ctrl-D at a question, or the terminal closing all raise
:class:`Stopped`, so that the command saves what it has before it ends.
Text pasted before Ctrl-C is kept (``Stopped.text``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator

try:
    import termios
except ImportError:  # pragma: no cover - Windows: lines are read as the console gives them
    termios = None  # type: ignore[assignment]  # no termios on this platform

#: Answers meaning yes or no, in both languages the command speaks, whichever it speaks now.
YES = frozenset({"y", "yes", "s", "si", "sí"})
NO = frozenset({"n", "no"})


class Stopped(Exception):
    """The person stopped the command; ``text``: what was pasted so far, when pasting."""

    def __init__(self, text: str | None = None):
        super().__init__()
        self.text = text


def _line_editing() -> None:
    """Arrow keys and erasing inside an answer, where the platform has it."""
    with contextlib.suppress(ImportError):  # Windows without pyreadline
        import readline  # noqa: F401


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """Inside: a closed terminal (SIGHUP) or a polite kill (SIGTERM) stops like Ctrl-C."""
    _line_editing()

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def say(message: str = "") -> None:
    print(message, flush=True)


def ask(question: str, default: str | None = None) -> str:
    """One answer, spaces trimmed; Enter gives ``default``."""
    shown = f" [{default}]" if default else ""
    try:
        answer = input(f"{question}{shown}: ").strip()
    except (KeyboardInterrupt, EOFError):
        print(flush=True)
        raise Stopped from None
    return answer or (default or "")


def is_yes(answer: str) -> bool:
    return answer.strip().lower() in YES


def is_no(answer: str) -> bool:
    return answer.strip().lower() in NO


def read_pasted(invitation: str) -> str:
    """Say ``invitation``, then read text until Ctrl-D (or the end of input); what came before a Ctrl-C is
    kept in :class:`Stopped`.

    On a terminal the text is read unbuffered by lines: a terminal reading line
    by line keeps at most 4095 characters of a line and drops the rest without a
    word, and a pasted paragraph is one line, often longer than that.
    """
    fd = sys.stdin.fileno() if hasattr(sys.stdin, "fileno") else -1
    if fd < 0 or termios is None or not os.isatty(fd):
        say(invitation)
        return _read_lines()
    saved = termios.tcgetattr(fd)
    raw = termios.tcgetattr(fd)
    raw[3] &= ~(termios.ICANON | termios.ECHO)  # Ctrl-C still interrupts (ISIG is kept)
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0
    data = bytearray()
    termios.tcsetattr(fd, termios.TCSANOW, raw)
    try:
        say(invitation)  # only now: text pasted at once is read the new way from its first character
        while True:
            chunk = os.read(fd, 65536)
            end = chunk.find(EOF_KEY)
            for byte in chunk if end < 0 else chunk[:end]:
                if byte in ERASE_KEYS:
                    _erase(data)
                else:
                    data.append(byte)
                    os.write(sys.stdout.fileno(), bytes([byte]))
            if not chunk or end >= 0:
                break
    except KeyboardInterrupt:
        print(flush=True)
        raise Stopped(data.decode("utf-8", "replace")) from None
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if data and not data.endswith(b"\n"):
        print(flush=True)
    return data.decode("utf-8", "replace")


#: Ctrl-D ends the text; Backspace (either code) erases the last character of the line.
EOF_KEY = b"\x04"
ERASE_KEYS = frozenset(b"\x7f\x08")


def _erase(data: bytearray) -> None:
    if not data or data.endswith(b"\n"):
        return
    while data and data[-1] & 0xC0 == 0x80:  # a UTF-8 character's continuation bytes, then its first
        data.pop()
    if data:
        data.pop()
    os.write(sys.stdout.fileno(), b"\b \b")


def _read_lines() -> str:
    lines: list[str] = []
    try:
        while True:
            line = sys.stdin.readline()
            if not line:
                break
            lines.append(line)
    except KeyboardInterrupt:
        print(flush=True)
        raise Stopped("".join(lines)) from None
    return "".join(lines)
