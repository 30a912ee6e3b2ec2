"""One source of truth: the statement form and the validator agree, field by field and word for word.

The form's configuration is generated from the validator's definition of the frontmatter and from
the registry (``core/cms_config.py``); these tests compare it with that definition, then run the
form's rules (``archive-form.js``, under Node.js) and the validator on the same values and compare
what each says, in English and in Spanish. Node.js is needed for the second half: without it those
tests skip, saying why; where ``CI`` is set they fail instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from paths import REPO, TESTS

from solidarity_archive.core import cms_config, frontmatter, validation
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.languages import LANGUAGE_NAMES
from solidarity_archive.core.model import KINDS
from solidarity_archive.core.text import fold
from tests.browser import words

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def registry():
    registry, problems = registry_module.load(REPO / "source" / "signatories.yaml", "source/signatories.yaml")
    assert not problems
    return registry


@pytest.fixture(scope="module")
def config(registry):
    return cms_config.build_config(registry, language="es")


@pytest.mark.skipif(frontmatter.FAST_LOADER is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("language", ["en", "es"])
def test_libyaml_writes_the_forms_configuration_as_pyyaml_does(monkeypatch, registry, language):
    """The configuration (every language's name in the form's language, the registry's organisations) is written by
    libyaml's emitter: byte for byte the text PyYAML's own emitter writes."""
    import yaml as pyyaml

    from solidarity_archive.html import cms

    config = cms_config.build_config(registry, language=language, gettext=words(language))
    fast = cms.config_text(config)
    assert cms.CONFIG_DUMPER is pyyaml.CSafeDumper
    monkeypatch.setattr(cms, "CONFIG_DUMPER", pyyaml.SafeDumper)
    assert cms.config_text(config) == fast
    assert len(statement_fields(pyyaml.safe_load(fast))["language"]["options"]) > 300


def statement_fields(config) -> dict[str, dict]:
    return {field["name"]: field for field in config["collections"][0]["fields"]}


def test_every_field_of_the_validator_is_in_the_form_and_no_other(config):
    fields = statement_fields(config)
    assert set(fields) - {"body"} == set(validation.FIELDS)
    for name, field in fields.items():
        if name == "body":
            continue
        required = field.get("archive_required", field.get("required", True))
        assert required == (name in validation.REQUIRED), name


def test_a_field_the_validator_learns_appears_in_the_form(monkeypatch, registry):
    monkeypatch.setattr(validation, "OPTIONAL", (*validation.OPTIONAL, "press_contact"))
    monkeypatch.setattr(validation, "FIELDS", validation.REQUIRED + validation.OPTIONAL)
    fields = statement_fields(cms_config.build_config(registry))
    assert fields["press_contact"]["widget"] == "archive-text"
    assert fields["press_contact"]["archive_required"] is False


def test_the_choices_are_the_validators(config, registry):
    fields = statement_fields(config)
    assert [o["value"] for o in fields["kind"]["options"]] == list(KINDS)
    assert fields["kind"]["default"] == KINDS[0]
    values = [o["value"] for o in fields["language"]["options"]]
    assert values[: len(LANGUAGE_NAMES)] == list(LANGUAGE_NAMES)
    assert len(values) == len(set(values)) > 100
    assert all(validation.LANGUAGE_TAG.match(value) for value in values)
    assert fields["language"]["default"] == "es"
    options = cms_config.signatory_options(registry)
    assert [o["value"] for o in options] == registry.ids()
    for option in options:
        signatory = registry[option["value"]]
        assert option["label"] == signatory.label and option["aliases"] == list(signatory.aliases)


def test_the_patterns_are_the_validators(registry):
    rules = cms_config.form_rules(registry, today=TODAY)
    assert rules["patterns"] == {
        "statement_id": validation.STATEMENT_ID.pattern,
        "iso_date": validation.ISO_DATE.pattern,
        "language": validation.LANGUAGE_TAG.pattern,
        "url": validation.SAFE_URL.pattern,
    }
    assert rules["required"] == list(validation.REQUIRED) and rules["kinds"] == list(KINDS)
    assert rules["max_title"] == validation.MAX_TITLE_CHARS


def test_the_file_name_is_a_statement_id_in_its_year_folder(config):
    collection = config["collections"][0]
    assert collection["folder"] == "statements" and collection["extension"] == "md"
    assert collection["slug"] == "{{fields.date}}-{{slug}}"
    assert collection["path"] == '{{slug | truncate(4, " ")}}/{{slug}}'
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")


# -- The form's words and the validator's, on the same values ----------------------------------

BASE = {"title": "Carta abierta", "date": "2016-01-19", "place": "San Salvador, El Salvador", "signatories": ["cispes"], "language": "es"}

#: (field, value): each replaces the base statement's value, as the form would hold it.
CASES = [
    ("title", ""), ("title", "   "), ("title", "yes"), ("title", "Off"), ("title", "x" * 301), ("title", "Fine"),
    ("title", "Carta_abierta"), ("title", "Paz ~ justicia"), ("title", "¡Justicia para los mártires!"), ("title", "¿¡…!?"),
    ("date", "2016-02-30"), ("date", "2015-02-29"), ("date", "2016-02-29"), ("date", "2016-13-01"), ("date", "2016-00-10"),
    ("date", "19-01-2016"), ("date", "2016-1-9"), ("date", "2999-01-01"), ("date", ""), ("date", "2016-04-31"),
    ("place", ""), ("place", "Somewhere"), ("place", ", El Salvador"), ("place", "San Salvador,"), ("place", "A, B, C"),
    ("language", "Spanish"), ("language", "es-SV"), ("language", "en"),
    ("kind", "memo"), ("kind", "Open Letter"), ("kind", "open letter"),
    ("signatories", []), ("signatories", ["cispes", "cispes"]), ("signatories", ["zzzzzzzzzzzz"]), ("signatories", ["cispes", "share", "cis"]),
    ("source", {"url": "ftp://x"}), ("source", {"url": "https://cispes.org/x"}), ("source", {"url": "https://a.org/", "retrieved": "2016-02-30"}),
    ("source", {"archived": "javascript:alert(1)"}), ("source", {"url": "", "retrieved": ""}),
    ("translation_of", "Not An Id"), ("translation_of", "2016-01-19-el-original"), ("translation_of", ""),
    ("note", "yes"), ("note", "Una nota.\n\nOtro párrafo."), ("note", ""),
    ("date_as_printed", "19 de enero de 2015"), ("date_as_printed", "no"), ("date_as_printed", ""),
    ("embargoed", True), ("embargoed", False),
]  # fmt: skip


def _yaml(value) -> str:
    """A value as the form's YAML writer writes it: plain where YAML 1.2 reads it as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]" if value else "[]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if value and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ,\-áéíóú]*", value) and value.strip() == value:
        return value  # plain, as the form writes it ("yes" included: YAML 1.2 reads it as text)
    return validation.yaml_quoted(value)


def _cleaned(data: dict) -> dict:
    """What the form writes: empty optional values left out (as archive-form.js's clean())."""
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if v not in ("", None)}
        if key == "embargoed" and value is False:
            continue
        if value in ("", None, [], {}) and key not in validation.REQUIRED:
            continue
        out[key] = value
    return out


def decap_stem(date: str, title: str) -> str:
    """The file's stem Decap CMS makes (its slug rules, as the browser test sees them applied)."""
    import unicodedata

    slug = "".join(c for c in unicodedata.normalize("NFD", title) if not unicodedata.combining(c)).strip().lower()
    slug = re.sub(r"[^\w\-.~]", "-", slug.replace("'", "").replace(".", "-"), flags=re.ASCII)
    return f"{date}-" + re.sub(r"-+", "-", slug).strip("-")


def validator_says(registry, data: dict, gettext) -> list[str]:
    text = "\n".join(f"{key}: {_yaml(value)}" for key, value in _cleaned(data).items()) + "\n"
    fields = frontmatter.parse(text, 2)
    stem = decap_stem(data.get("date", ""), data.get("title", "")) if validation.ISO_DATE.match(str(data.get("date", ""))) else "2016-01-19-carta"
    path = f"statements/{stem[:4]}/{stem}.md"
    _statement, problems = validation.validate(fields, path=path, docname=path[:-3], registry=registry, today=TODAY, end_line=len(text.splitlines()) + 2)
    if "title" in data and not any(p.subtype in ("title", "date", "required") for p in problems):
        problems += validation.check_path(path)
    return [p.translated_message(gettext) for p in problems]


def _node_missing() -> str | None:
    return None if shutil.which("node") else "Node.js"


@pytest.fixture(scope="module")
def node():
    missing = _node_missing()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must compare the form with the validator, but {missing} is missing", pytrace=False)
    if missing:
        pytest.skip(f"comparing the form with the validator needs {missing}")
    return shutil.which("node")


def form_says(node, registry, cases: list[dict], gettext, *, years=None, local=False) -> list[list[str]]:
    rules = cms_config.form_rules(registry, today=TODAY, gettext=gettext, years=years)
    config = cms_config.build_config(registry, gettext=gettext)
    form = cms_config.form_field_rules(config)
    job = {"rules": rules, "form": form, "today": TODAY.isoformat(), "cases": cases, "local": local}
    result = subprocess.run([node, str(TESTS / "statement_form_rules.js")], input=json.dumps(job), capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_refuses_what_the_validator_refuses_with_its_words(node, registry, language):
    gettext = words(language)
    cases = [{**BASE, field: value} for field, value in CASES]
    said = form_says(node, registry, cases, gettext)
    disagreements = []
    for (field, value), case, form_messages in zip(CASES, cases, said, strict=True):
        expected = validator_says(registry, case, gettext)
        if sorted(form_messages) != sorted(expected):
            disagreements.append(f"{field}={value!r}: form {form_messages} / check {expected}")
    assert not disagreements, "\n".join(disagreements)


def test_a_missing_required_field_is_said_as_check_says_it(node, registry):
    for field in validation.REQUIRED:
        case = {k: v for k, v in BASE.items() if k != field}
        assert form_says(node, registry, [case], None)[0] == validator_says(registry, case, None), field


def test_a_year_without_its_page_is_refused_on_the_published_site_as_check_refuses_it(node, registry, tmp_path):
    from solidarity_archive.core.checking import check_archive

    said = form_says(node, registry, [{**BASE, "date": "2017-03-01"}], None, years=[2016])[0]
    assert said == ["year folder statements/2017/ has no index.md; create it with the same content as another year's index.md"]
    assert form_says(node, registry, [{**BASE, "date": "2017-03-01"}], None, years=[2016], local=True)[0] == []
    assert cms_config.YEAR_INDEX in Path(check_archive.__code__.co_filename).read_text(encoding="utf-8")


# -- The registry, edited as entries --------------------------------------------------------------


def edited_registry(node, text: str, edits: dict) -> str:
    result = subprocess.run([node, str(TESTS / "statement_form_registry.js"), json.dumps(edits)], input=text, capture_output=True, text=True, check=True)
    return result.stdout


def test_the_registry_saved_unchanged_is_the_same_file(node):
    import random

    from benchmarks.corpus import make_organisations, read_registry, registry_yaml

    own = (REPO / "source" / "signatories.yaml").read_text(encoding="utf-8")
    assert edited_registry(node, own, {}) == own
    large = registry_yaml(make_organisations(random.Random(1), read_registry(REPO / "source" / "signatories.yaml"), 2000))
    assert edited_registry(node, large, {}) == large


def test_an_edited_registry_keeps_its_comments_and_order_as_the_signatory_command_does(node, registry):
    own = (REPO / "source" / "signatories.yaml").read_text(encoding="utf-8")
    edits = {
        "set": {"share": {"aliases": ["SHARE El Salvador", "Fundación SHARE", "Fundación SHARE El Salvador"]}},
        "add": [{"id": "red-de-mujeres", "name": "Red de Mujeres: por la Paz", "acronym": "REMUPAZ", "country": "El Salvador", "aliases": []}],
    }
    text = edited_registry(node, own, edits)
    # Every line of the file is still there, in its place; the new alias and the new entry are added.
    old_lines = own.splitlines()
    new_lines = text.splitlines()
    assert new_lines[: len(old_lines)] != old_lines  # the alias is inside
    assert [line for line in new_lines if line != "    - Fundación SHARE El Salvador"][: len(old_lines)] == old_lines
    assert text.endswith('\nred-de-mujeres:\n  name: "Red de Mujeres: por la Paz"\n  acronym: REMUPAZ\n  country: El Salvador\n')
    edited, problems = registry_module.parse(text, "source/signatories.yaml")
    assert not problems
    assert edited.ids() == [*registry.ids(), "red-de-mujeres"]
    assert edited["share"].aliases[-1] == "Fundación SHARE El Salvador"
    assert edited["red-de-mujeres"].name == "Red de Mujeres: por la Paz"
    assert {sid: edited[sid] for sid in registry.ids() if sid != "share"} == {sid: registry[sid] for sid in registry.ids() if sid != "share"}


# -- The build writes the form ------------------------------------------------------------------

BUNDLE = REPO / "node_modules" / "decap-cms" / "dist"


@pytest.fixture
def bundle():
    if not (BUNDLE / "decap-cms.js").is_file():
        if os.environ.get("CI"):
            pytest.fail("CI must build the statement form, but npm's decap-cms is missing (make node-tools)", pytrace=False)
        pytest.skip("building the statement form needs npm's decap-cms (run 'make node-tools')")
    return BUNDLE


@pytest.mark.sphinx("html", testroot="publishing", confoverrides={"archive_cms_bundle": str(BUNDLE), "language": "es"})
def test_the_build_writes_the_form_from_the_archives_definitions_with_the_pinned_bundle(app, bundle):
    import yaml as pyyaml

    from solidarity_archive.sphinx_ext.i18n import _

    app.build()
    admin = Path(app.outdir, "admin")
    written = pyyaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    registry = app.env.get_domain("statement").registry
    expected = cms_config.build_config(registry, language="es", gettext=lambda m: str(_(m)), site_url=app.config.archive_base_url or None)
    assert written["collections"][0]["fields"] == expected["collections"][0]["fields"]
    assert written["locale"] == "es"
    rules = (admin / "archive-form-rules.js").read_text(encoding="utf-8")
    assert all(f'"value": "{sid}"' in rules for sid in registry.ids())
    # The bundle is npm's, byte for byte, served from the site: no address outside it.
    assert (admin / "decap-cms.js").read_bytes() == (bundle / "decap-cms.js").read_bytes()
    assert not list(admin.glob("*.map"))
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'src="([^"]+)"', page) == ["archive-form-rules.js", "decap-cms.js", "archive-form.js"]
    assert "http" not in page


@pytest.mark.sphinx("html", testroot="publishing", confoverrides={"archive_cms_bundle": "no-such-folder"})
def test_without_the_bundle_there_is_no_form_and_the_build_says_why(app):
    app.build()
    assert not Path(app.outdir, "admin").exists()
    assert "npm ci" in app.status.getvalue()


@pytest.mark.parametrize(("language", "catalog", "guarani"), [("es", "español (es)", "guaraní (gn)"), ("en", "Spanish (es)", "Guarani (gn)")])
def test_any_language_can_be_chosen_by_its_name_in_the_forms_language(registry, language, catalog, guarani):
    """The catalog's languages first, then every language the Unicode CLDR names, by that name in the form's
    language and in its order (a statement in Guarani is made or edited in the form as any other)."""
    t = words(language)
    options = statement_fields(cms_config.build_config(registry, language=language, gettext=t))["language"]["options"]
    labels = [option["label"] for option in options]
    assert labels[1] == catalog
    assert guarani in labels[len(LANGUAGE_NAMES) :]
    others = labels[len(LANGUAGE_NAMES) :]
    assert others == sorted(others, key=fold)
    assert {"value": "es-MX", "label": "español de México (es-MX)" if language == "es" else "Mexican Spanish (es-MX)"} in options
