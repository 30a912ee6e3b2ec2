"""The ePub cover: drawn by the build, the same for the same book."""

from __future__ import annotations

from PIL import Image, ImageFont

from solidarity_archive.formats.cover import HEIGHT, WIDTH, draw_cover, drawable


def test_cover_is_a_png_and_repeatable(tmp_path):
    first = draw_cover(tmp_path / "a.png", "Contra la militarización", "Statements on CARSI", ("3 statements, 2014–2016",))
    second = draw_cover(tmp_path / "b.png", "Contra la militarización", "Statements on CARSI", ("3 statements, 2014–2016",))
    other = draw_cover(tmp_path / "c.png", "Another title")
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    with Image.open(first) as image:
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)


def test_letters_a_font_lacks_are_replaced_readably():
    bare = ImageFont.load_default(size=40)  # Pillow's own font has no accents
    assert drawable("Militarización 2014–2016", bare) == "Militarizacion 2014-2016"
