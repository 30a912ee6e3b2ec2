"""The ePub's cover, drawn by the build with Pillow (no Sphinx imports).

The same title, subtitle and lines always give the same image, so a rebuilt
book does not change for nothing.
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 2400
MARGIN = 140
BACKGROUND = (24, 52, 88)
BAND = (196, 64, 48)
INK = (250, 247, 240)
MUTED = (208, 218, 232)


#: Fonts with accented letters, used when the system has one; Pillow's own
#: font (no accents) otherwise.
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
PLAIN = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}


@cache
def _font_file() -> str | None:
    return next((path for path in SYSTEM_FONTS if Path(path).is_file()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont  # with the first cover drawn: only the ePub has one

    path = _font_file()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def _signature(font, text: str) -> tuple:
    mask = font.getmask(text)
    return mask.size, bytes(mask)


def drawable(text: str, font) -> str:
    """``text`` with each letter the font lacks replaced: 'á' → 'a', '–' → '-', else '?'."""
    missing = _signature(font, "\uffff")
    out = []
    for char in text:
        if char.isspace() or _signature(font, char) != missing:
            out.append(char)
            continue
        plain = PLAIN.get(char) or "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(plain if plain and all(_signature(font, c) != missing for c in plain) else "?")
    return "".join(out)


def _draw_wrapped(draw: ImageDraw.ImageDraw, text: str, top: int, size: int, fill, width_chars: int) -> int:
    """Draw ``text`` wrapped to ``width_chars``; returns the y below it."""
    font = _font(size)
    for line in textwrap.wrap(drawable(text, font), width=width_chars) or [""]:
        draw.text((MARGIN, top), line, font=font, fill=fill)
        top += int(size * 1.25)
    return top


def draw_cover(path: Path, title: str, subtitle: str = "", lines: tuple[str, ...] = ()) -> Path:
    """Write a PNG cover at ``path``: title, optional subtitle, then short lines at the foot."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, WIDTH, 330), fill=BAND)
    bottom = _draw_wrapped(draw, title, 480, 120, INK, 20)
    if subtitle:
        _draw_wrapped(draw, subtitle, bottom + 80, 64, MUTED, 38)
    foot = HEIGHT - MARGIN - len(lines) * 80
    draw.rectangle((0, foot - 90, WIDTH, foot - 70), fill=BAND)
    font = _font(56)
    for line in lines:
        draw.text((MARGIN, foot), drawable(line, font), font=font, fill=INK)
        foot += 80
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path
