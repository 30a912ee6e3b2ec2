"""The package build compiles the interface's message catalogs (``.po`` → ``.mo``).

Everything else about the package is in pyproject.toml. The ``.mo`` files are
build output, never committed: a wheel carries them in its build folder; an
editable install (``make venv``) writes them next to their ``.po`` files,
where the installed package reads its files from.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = "solidarity_archive/locale"


class build_py_with_catalogs(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(".") if getattr(self, "editable_mode", False) else Path(self.build_lib)
        for po in sorted(Path(CATALOGS).glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parts[-3])
            target = root / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": build_py_with_catalogs})
