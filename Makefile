# The archive's commands. Each one first makes sure .venv exists and holds the
# pinned versions from constraints.txt; nothing else needs installing by hand.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
BUILDDIR    := _build
# Strict: any warning fails the build, but every warning is still reported.
SPHINXOPTS  ?= -W --keep-going -n
JOBS        ?= auto
SPHINXBUILD := $(BIN)/sphinx-build
PORT        ?= 8000

.DEFAULT_GOAL := help
.PHONY: help html offline epub dossier check test test-quick lint serve preview new edit clean lock venv bench node-tools messages html-bilingual gettext docs

help:
	@echo "make html    build the archive as a website in $(BUILDDIR)/html"
	@echo "make offline build the website and a zip of it for reading offline (linked from the open-data page)"
	@echo "make epub    build the whole archive as an ePub in $(BUILDDIR)/epub"
	@echo "make html-bilingual  the website once per interface language (INTERFACES=$(INTERFACES)), as one site in $(BUILDDIR)/bilingual: the first at its root, the others in folders"
	@echo "make dossier DOSSIER='--title \"On CARSI\" --term CARSI'"
	@echo "             build a chosen slice as a website and an ePub in $(BUILDDIR)/dossiers/<name>"
	@echo "make check   validate every statement and the registry, without building"
	@echo "make test    make lint, then the whole test suite, in a random order (the seed is printed first)"
	@echo "make test-quick  make lint, then the suite without the browser and slow tests (pytest -m \"not browser and not slow\")"
	@echo "make lint    ruff check, ruff format --check and mypy over the code; 'ruff format .' reformats"
	@echo "make bench   benchmark N generated statements against plain Sphinx (N=$(N))"
	@echo "make serve   serve $(BUILDDIR)/html on http://127.0.0.1:$(PORT)/"
	@echo "make preview live preview on http://127.0.0.1:$(PORT)/, rebuilt on every saved change"
	@echo "make new     add a statement (asks for its title, date, place, signatories…)"
	@echo "make edit    the statement form in the browser, http://127.0.0.1:$(PORT)/admin/, with the live preview"
	@echo "make docs    build the maintainers' documentation (docs/) in $(BUILDDIR)/docs"
	@echo "make clean   remove build output (keeps .venv)"

venv: $(STAMP)

# The package build compiles the message catalogs: a changed .po installs again.
$(STAMP): pyproject.toml constraints.txt $(wildcard setup.py) $(wildcard solidarity_archive/locale/*/LC_MESSAGES/*.po)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@echo "Setting up $(VENV) with the pinned versions in constraints.txt…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

html: $(STAMP)
	$(SPHINXBUILD) -M html . $(BUILDDIR) -j $(JOBS) $(SPHINXOPTS)

# One site, one folder per interface language (/en/, /es/), a switcher on every
# page and a root page that opens the browser's language. The first is the default.
INTERFACES  ?= en es
comma       := ,
empty       :=
space       := $(empty) $(empty)
# The first interface at the site's root (the addresses of a one-language site), every other one in
# a folder named after its language; the pages of all name the root's addresses as theirs.
html-bilingual: $(STAMP)
	@for lang in $(INTERFACES); do \
	  if [ "$$lang" = "$(firstword $(INTERFACES))" ]; then out=$(BUILDDIR)/bilingual; else out=$(BUILDDIR)/bilingual/$$lang; fi; \
	  $(SPHINXBUILD) -b html . $$out -d $(BUILDDIR)/bilingual-doctrees/$$lang -j $(JOBS) $(SPHINXOPTS) \
	    -D language=$$lang -D archive_interfaces=$(subst $(space),$(comma),$(strip $(INTERFACES))) || exit 1; \
	done
	$(BIN)/python -m solidarity_archive.html.bilingual $(BUILDDIR)/bilingual $(INTERFACES)

# The website plus one zip of it, linked from the open-data page (the Sphinx tag 'offline').
offline: $(STAMP)
	$(SPHINXBUILD) -M html . $(BUILDDIR) -j $(JOBS) $(SPHINXOPTS) -t offline

epub: $(STAMP)
	$(SPHINXBUILD) -M epub . $(BUILDDIR) -j $(JOBS) $(SPHINXOPTS)

# The options go in DOSSIER; 'solidarity-archive dossier --help' lists them.
dossier: $(STAMP)
ifeq ($(strip $(DOSSIER)),)
	@echo "Say what the dossier holds, e.g.: make dossier DOSSIER='--title \"On CARSI\" --term CARSI'"; exit 2
endif
	$(BIN)/solidarity-archive dossier --output $(BUILDDIR)/dossiers $(DOSSIER)

# The maintainers' documentation: reference, design, performance, testing (docs/, its own conf.py),
# as strict as the archive's build.
docs: $(STAMP)
	$(SPHINXBUILD) -b html docs $(BUILDDIR)/docs -d $(BUILDDIR)/docs-doctrees -j $(JOBS) $(SPHINXOPTS)

check: $(STAMP)
	$(BIN)/solidarity-archive check

# The tests sit in one folder per layer (tests/core, tests/sphinx_ext, tests/html…); the markers
# 'browser' (drives Chromium) and 'slow' (builds the real archive, epubcheck…) are in pyproject.toml.
# pytest-randomly runs them in a new order each time: -p "randomly_seed=N" repeats an order,
# -p no:randomly keeps the files' order.
# The package's bytecode is written first, even where PYTHONDONTWRITEBYTECODE is set: the suite's
# ~400 Python commands would each compile it again (0.06 s apiece).
test: lint node-tools
	$(BIN)/python -m compileall -q solidarity_archive
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-quick: lint
	$(BIN)/python -m compileall -q solidarity_archive
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

# The settings are in pyproject.toml ([tool.ruff], [tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The test tools that run on Node.js (citeproc-js, axe-core, the Nu Html
# Checker), at the versions package-lock.json pins. Without npm their tests
# say why they skip (and fail where CI is set).
NODE_STAMP := node_modules/.installed
node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the tests that need Node.js will be skipped"; fi

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# The interface's message catalogs: extract every string into the template,
# then update each language's .po (translate the new entries; `make venv`
# compiles them). Hand-written pages are translated apart, with `make gettext`.
CATALOGS := solidarity_archive/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k lazy -k N_ -k ngettext:1,2 --no-location --sort-output \
	  --project solidarity-archive --omit-header -o $(CATALOGS)/solidarity_archive.pot .
	$(BIN)/pybabel update -D solidarity_archive -i $(CATALOGS)/solidarity_archive.pot -d $(CATALOGS) \
	  --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date

# The hand-written pages' catalogs (home, about, how to cite, open data, glossary…),
# the Sphinx way: extract, then update locale/<lang>/LC_MESSAGES/source/*.po for each
# language of LANGUAGES. Statements are never translated this way: a translation
# is a statement of its own (translation_of).
LANGUAGES ?= es
gettext: $(STAMP)
	$(SPHINXBUILD) -b gettext . $(BUILDDIR)/gettext -q
	rm -rf $(BUILDDIR)/gettext/statements $(BUILDDIR)/gettext/sphinx.pot  # the package's own words: make messages
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale $(foreach lang,$(LANGUAGES),-l $(lang))

# Not part of `make test`: it builds N generated statements several times.
N           ?= 1000
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --statements $(N) $(BENCH_ARGS)

serve:
	@test -d $(BUILDDIR)/html || { echo "Nothing to serve yet: run 'make html' first."; exit 1; }
	@echo "Serving the archive on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory $(BUILDDIR)/html

# Live preview (cli/preview.py): the pages served on this computer, rebuilt by a builder that stays
# between saves, and reloaded in the browser as soon as they are written. Only the project's own
# files are watched: the build output, the virtual environment, caches and editors' files are not,
# and the build writes nothing into the tree, so one save gives one rebuild.
preview: $(STAMP)
	$(BIN)/python -m solidarity_archive.cli.preview . $(BUILDDIR)/preview --host 127.0.0.1 --port $(PORT) -j $(JOBS) -n --keep-going

new: $(STAMP)
	$(BIN)/solidarity-archive new

# The statement form on this computer: the form's local proxy and the live preview, both on
# 127.0.0.1; the form is at http://127.0.0.1:$(PORT)/admin/, each saved statement rebuilt at once.
# EDIT_ARGS: more options for the preview's build, e.g. EDIT_ARGS='-D language=es' (the form in Spanish).
EDIT_PORT   ?= 8081
edit: $(STAMP) node-tools
	$(BIN)/python -m solidarity_archive.cli.edit --port $(PORT) --proxy-port $(EDIT_PORT) -- -j $(JOBS) -n --keep-going $(EDIT_ARGS)

clean:
	rm -rf $(BUILDDIR)

# Re-pin after changing dependencies in pyproject.toml.
lock:
	rm -rf $(BUILDDIR)/lockenv
	$(PYTHON) -m venv $(BUILDDIR)/lockenv
	$(BUILDDIR)/lockenv/bin/python -m pip install --quiet -e '.[test]'
	{ head -n 2 constraints.txt; $(BUILDDIR)/lockenv/bin/python -m pip freeze --exclude-editable | sort -f; } > constraints.tmp
	mv constraints.tmp constraints.txt
	rm -rf $(BUILDDIR)/lockenv
