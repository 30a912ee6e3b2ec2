"""The editing form's configuration (Decap CMS / Sveltia CMS), generated from the archive's definitions.

Pure: no Sphinx. One source of truth: the statement form's fields come from
``validation.REQUIRED`` and ``validation.OPTIONAL`` (a field the validator
learns appears in the form, as a line of text, with no edit here), the
choices from ``model.KINDS``, ``languages.LANGUAGE_NAMES`` and the registry,
the patterns from ``validation.STATEMENT_ID``, ``ISO_DATE`` and
``LANGUAGE_TAG``, and the messages the form shows are the validator's own
templates, found by running the validator on a bad example of each rule
(:func:`validator_messages`), translated by the package's catalog.

The browser side (``archive-form.js``) applies the rules to what a person
types, with those messages; a test runs it and the validator on the same
values and compares what each says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from solidarity_archive.core import frontmatter, validation
from solidarity_archive.core.languages import LANGUAGE_NAMES, N_, Message, cldr_language_names
from solidarity_archive.core.model import DEFAULT_KIND, KINDS
from solidarity_archive.core.registry import SIGNATORY_ID, Registry
from solidarity_archive.core.text import fold

Gettext = Callable[[str], str]

#: Where statements live, and their file names: ``statements/YYYY/YYYY-MM-DD-slug.md``.
STATEMENTS_FOLDER = "statements"
#: The file's name is the date and the title's slug; its folder, the slug's first four characters
#: (the year). Decap cleans a path template as a slug before filling it in (lower case, no single
#: quotes, periods made hyphens), so the path names the slug, not ``fields.date``; the space
#: ``truncate`` leaves is trimmed when the folder's name is cleaned.
PATH_TEMPLATE = '{{slug | truncate(4, " ")}}/{{slug}}'
SLUG_TEMPLATE = "{{fields.date}}-{{slug}}"


@dataclass(frozen=True)
class FieldForm:
    """How one frontmatter field is asked for: the widget, its rule, its label and help."""

    label: str
    hint: str = ""
    #: ``archive-text`` (one line), ``archive-note`` (paragraphs), ``select``, ``archive-signatories``,
    #: ``boolean``, ``object``, ``list``.
    widget: str = "archive-text"
    #: The validator's rule for the value (``archive-form.js`` knows each): text, title, date, place,
    #: language, kind, url, statement-id, note.
    rule: str = "text"


#: The fields' labels and help, in the order a person fills them in. A field of
#: ``validation.FIELDS`` missing here is asked for as one line of text after these.
FORMS: dict[str, FieldForm] = {
    "title": FieldForm(N_("Title"), N_("As printed on the statement."), rule="title"),
    "date": FieldForm(N_("Date"), N_("The date it was issued, as YYYY-MM-DD, e.g. 2016-01-19."), rule="date"),
    "date_as_printed": FieldForm(N_("Date as printed"), N_("Only if the document prints its date otherwise (or wrongly)."), rule="text"),
    "place": FieldForm(N_("Place"), N_("Where it was issued: City, Country, e.g. San Salvador, El Salvador."), rule="place"),
    "language": FieldForm(N_("Language"), N_("The language the text is written in."), widget="select", rule="language"),
    "kind": FieldForm(N_("Kind"), N_("What kind of document it is."), widget="select", rule="kind"),
    "signatories": FieldForm(
        N_("Signatories"),
        N_(
            "Type part of a name, acronym or other name; choose them in the order the document prints them. An organisation not listed is added to the registry first."
        ),
        widget="archive-signatories",
        rule="signatories",
    ),
    "note": FieldForm(
        N_("Editor's note"), N_("Optional: what a reader should know about this document (e.g. why its date differs)."), widget="archive-note", rule="note"
    ),
    "source": FieldForm(N_("Source"), N_("Optional: where the document was found."), widget="object"),
    "translation_of": FieldForm(
        N_("Translation of"), N_("Optional: the original's id (its file name without .md), when this is a translation."), rule="statement-id"
    ),
    "embargoed": FieldForm(N_("Embargoed"), N_("File it before its date: it is not published until then."), widget="boolean"),
    "corrections": FieldForm(N_("Corrections"), N_("When a published statement is corrected: the date and what changed, in one sentence."), widget="list"),
    "withdrawn": FieldForm(N_("Withdrawn"), N_("Only to take a statement down: the date and the reason."), widget="object"),
    "former_ids": FieldForm(N_("Former ids"), N_("The ids it was published under before its file was renamed."), widget="list", rule="statement-id"),
}
#: The text is asked for after these fields, before the rest (the optional details).
BODY_AFTER = "signatories"

SUBFIELDS: dict[str, tuple[tuple[str, FieldForm], ...]] = {
    "source": (
        ("url", FieldForm(N_("Address (URL)"), N_("Where the document is published, starting with https://"), rule="url")),
        ("retrieved", FieldForm(N_("Retrieved"), N_("When it was read there, as YYYY-MM-DD."), rule="date")),
        ("archived", FieldForm(N_("Archived copy"), N_("A copy in a web archive, e.g. https://web.archive.org/…"), rule="url")),
    ),
    "withdrawn": (
        ("date", FieldForm(N_("Date"), "", rule="date")),
        ("reason", FieldForm(N_("Reason"), "", rule="text")),
    ),
    "corrections": (
        ("date", FieldForm(N_("Date"), "", rule="date")),
        ("change", FieldForm(N_("What changed"), "", rule="text")),
    ),
}

#: Words of the form that are not a field's.
UI = {
    "collection": N_("Statements"),
    "collection_one": N_("Statement"),
    "body": N_("Text"),
    "body_hint": N_("The statement's text, as printed: paragraphs separated by an empty line."),
    "registry": N_("Signatory registry"),
    "registry_file": N_("Signatories"),
    "registry_one": N_("Signatory"),
    "entries": N_("Entries"),
    "id": N_("Id"),
    "id_hint": N_("Lowercase letters, digits and hyphens; never changed once a statement names it."),
    "name": N_("Name"),
    "acronym": N_("Acronym"),
    "country": N_("Country"),
    "aliases": N_("Other names"),
    "no_match": N_("No signatory matches"),
}

#: The signatory picker's buttons, and the page shown where the form's bundle is not installed.
WORDS = {
    "up": N_("Move up"),
    "remove": N_("Remove"),
    "missing": N_("The form is not installed on this copy of the site: run 'npm ci' and build it again."),
}


def gettext_or_english(gettext: Gettext | None) -> Gettext:
    return gettext if gettext is not None else (lambda text: text)


def form_order() -> list[str]:
    """The statement's fields in the form's order: those of :data:`FORMS`, then any other the validator knows."""
    known = [name for name in FORMS if name in validation.FIELDS]
    return known + [name for name in validation.FIELDS if name not in FORMS]


def signatory_options(registry: Registry) -> list[dict[str, object]]:
    """One option per registry entry, in the registry's order: the id, and the words that find it."""
    options: list[dict[str, object]] = []
    for sid, signatory in registry.signatories.items():
        options.append(
            {
                "value": sid,
                "label": signatory.label,
                "aliases": list(signatory.aliases),
            }
        )
    return options


def language_options(t: Gettext, language: str) -> list[dict[str, str]]:
    """The language field's choices: the catalog's languages first, then every other language the
    Unicode CLDR names, by that name in the form's language ``language`` and in its order (the select
    filters them as one types): a statement in Guarani is made, or edited, in the form as any other."""
    options = [{"label": f"{t(label)} ({tag})", "value": tag} for tag, label in LANGUAGE_NAMES.items()]
    others = [
        {"label": f"{name} ({tag})", "value": tag}
        for tag, name in cldr_language_names(language).items()
        if tag not in LANGUAGE_NAMES and validation.LANGUAGE_TAG.match(tag)
    ]
    return options + sorted(others, key=lambda option: (fold(option["label"]), option["value"]))


def _field(name: str, form: FieldForm, required: bool, t: Gettext, registry: Registry, language: str = "en") -> dict[str, object]:
    field: dict[str, object] = {"name": name, "label": t(form.label), "widget": form.widget, "required": required}
    if form.hint:
        field["hint"] = t(form.hint)
    if form.widget.startswith("archive-"):
        field["rule"] = form.rule
        # The archive's widgets say what is missing in the validator's own words (not the CMS's).
        field["archive_required"] = required
    if name == "language":
        field["options"] = language_options(t, language)
        if language in LANGUAGE_NAMES:
            field["default"] = language
    elif name == "kind":
        field["options"] = [{"label": t(kind), "value": kind} for kind in KINDS]
        field["default"] = DEFAULT_KIND
    elif name == "embargoed":
        field["default"] = False
    elif name in SUBFIELDS:
        subfields = [_field(sub, subform, False, t, registry) for sub, subform in SUBFIELDS[name]]
        for sub in subfields:
            sub["key"] = f"{name}.{sub['name']}"
        if form.widget == "list":
            field["fields"] = subfields
        else:
            field["fields"] = subfields
            field["collapsed"] = True
    elif name == "former_ids":
        field["field"] = {"name": "id", "label": t(N_("Id")), "widget": "archive-text", "rule": "statement-id", "required": False}
    if form.widget in ("object", "list"):
        field["collapsed"] = True
    return field


def statement_fields(registry: Registry, gettext: Gettext | None = None, language: str = "en") -> list[dict[str, object]]:
    """The statement collection's fields: the frontmatter's, and the text as the body."""
    t = gettext_or_english(gettext)
    fields = []
    for name in form_order():
        form = FORMS.get(name, FieldForm(name, ""))
        fields.append(_field(name, form, name in validation.REQUIRED, t, registry, language))
        if name == BODY_AFTER:
            fields.append(
                {
                    "name": "body",
                    "label": t(UI["body"]),
                    "hint": t(UI["body_hint"]),
                    # The CMS's Markdown editor, which shows make edit's check of the text (archive-form.js).
                    "widget": "archive-body",
                    "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"],
                    "editor_components": [],
                    "modes": ["raw", "rich_text"],
                }
            )
    return fields


def registry_fields(gettext: Gettext | None = None) -> list[dict[str, object]]:
    """The registry as entries (name, acronym, country, aliases), edited as the signatory command edits it."""
    t = gettext_or_english(gettext)
    return [
        {
            "name": "entries",
            "label": t(UI["entries"]),
            "label_singular": t(UI["registry_one"]),
            "widget": "list",
            "summary": "{{fields.name}} ({{fields.id}})",
            "collapsed": True,
            # An entry a statement names must stay, in its place: the order is the file's.
            "allow_remove": False,
            "allow_reorder": False,
            "add_to_top": False,
            "fields": [
                {"name": "id", "label": t(UI["id"]), "hint": t(UI["id_hint"]), "widget": "string", "pattern": [SIGNATORY_ID.pattern, t(UI["id_hint"])]},
                {"name": "name", "label": t(UI["name"]), "widget": "string"},
                {"name": "acronym", "label": t(UI["acronym"]), "widget": "string", "required": False},
                {"name": "country", "label": t(UI["country"]), "widget": "string", "required": False},
                {
                    "name": "aliases",
                    "label": t(UI["aliases"]),
                    "widget": "list",
                    "required": False,
                    "field": {"name": "alias", "label": t(UI["aliases"]), "widget": "string"},
                },
            ],
        }
    ]


def build_config(
    registry: Registry,
    *,
    language: str = "en",
    gettext: Gettext | None = None,
    backend: Mapping[str, object] | None = None,
    proxy_url: str = "http://127.0.0.1:8081/api/v1",
    site_url: str | None = None,
    registry_path: str = "source/signatories.yaml",
) -> dict[str, object]:
    """The whole configuration, as ``admin/config.yml`` holds it."""
    t = gettext_or_english(gettext)
    config_language = language.split("_")[0].split("-")[0]
    config: dict[str, object] = {
        "backend": dict(backend or {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"}),
        # A pull request per statement: the strict build runs on it before anything is published.
        "publish_mode": "editorial_workflow",
        # Only where the form is opened from this computer (make edit): the local proxy, on 127.0.0.1.
        "local_backend": {"url": proxy_url, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "locale": config_language,
        "media_folder": "source/_static/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "statements",
                "label": t(UI["collection"]),
                "label_singular": t(UI["collection_one"]),
                "folder": STATEMENTS_FOLDER,
                "path": PATH_TEMPLATE,
                "slug": SLUG_TEMPLATE,
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "identifier_field": "title",
                "summary": "{{date}} · {{title}}",
                "sortable_fields": ["date", "title"],
                "fields": statement_fields(registry, gettext, config_language),
            },
            {
                "name": "registry",
                "label": t(UI["registry"]),
                # Read and written by archive-form.js, which keeps the file's comments and order.
                "format": "archive-registry",
                "files": [
                    {
                        "name": "signatories",
                        "label": t(UI["registry_file"]),
                        "file": registry_path,
                        "fields": registry_fields(gettext),
                    }
                ],
            },
        ],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def form_field_rules(config: dict[str, object]) -> list[dict[str, object]]:
    """Each statement field's rule, for ``archive-form.js``'s last check before a file is written."""
    rules = []
    for field in config["collections"][0]["fields"]:  # type: ignore[index]  # the configuration built above: collections hold fields
        rule: dict[str, object] = {"name": field["name"]}
        if "rule" in field:
            rule["rule"] = field["rule"]
        if field.get("widget") == "select":
            rule["rule"] = field["name"]
        if field.get("widget") == "object":
            rule["fields"] = [{"name": sub["name"], "rule": sub.get("rule")} for sub in field.get("fields", [])]
        rules.append(rule)
    return rules


# -- The validator's messages, for the form ---------------------------------------------------


#: One bad example per message the form can give: (message id, frontmatter YAML, the field).
#: Running the validator on it gives the template it uses; the form fills in the values.
PROBES: tuple[tuple[str, str, str], ...] = (
    ("empty", 'title: ""', "title"),
    ("boolean", "title: yes", "title"),
    ("single_line", 'title: "a\\nb"', "title"),
    ("title_length", "title: " + "x" * (validation.MAX_TITLE_CHARS + 1), "title"),
    ("iso_date", "date: 19-01-2016", "date"),
    ("no_month", "date: 2016-13-01", "date"),
    ("month_days", "date: 2016-02-30", "date"),
    ("future", "date: 2999-01-01", "date"),
    ("place", "place: Somewhere", "place"),
    ("language", "language: Spanish", "language"),
    ("kind", "kind: memo", "kind"),
    ("signatories_empty", "signatories: []", "signatories"),
    ("signatory_unknown", "signatories: [no-such-signatory-probe]", "signatories"),
    ("signatory_twice", "signatories: [{sid}, {sid}]", "signatories"),
    ("url", "source: {{url: 'ftp://x'}}", "source"),
    ("statement_id", "translation_of: Not An Id", "translation_of"),
    ("required", "note: x", "title"),
)


def validator_messages(registry: Registry, today: dt.date) -> dict[str, Message]:
    """The validator's message for each probe: its template and values, as ``check`` gives them."""
    sid = next(iter(registry.signatories), "cispes")
    found: dict[str, Message] = {}
    for message_id, yaml_text, field in PROBES:
        fields = frontmatter.parse(yaml_text.format(sid=sid) + "\n", 2)
        _statement, problems = validation.validate(
            fields, path="statements/2016/2016-01-19-probe.md", docname="statements/2016/2016-01-19-probe", registry=registry, today=today, end_line=3
        )
        messages = [
            p.text for p in problems if p.text is not None and (message_id == "required" or p.subtype in (field, "signatory", "source", "translation", "date"))
        ]
        if message_id == "required":
            messages = [m for m in messages if dict(m.params).get("key") == field]
        if not messages:
            raise ValueError(f"the validator gave no message for the form's rule {message_id!r} ({yaml_text})")
        found[message_id] = messages[0]
    return found


#: ``check``'s message for a year folder without its page (``core/checking.py``): the form
#: refuses the first statement of a year on the published site, where it cannot write that page
#: (``make edit`` writes it). The parity test compares it with ``check``'s.
YEAR_INDEX = N_("year folder {folder}/ has no index.md; create it with the same content as another year's index.md")


def form_rules(registry: Registry, *, today: dt.date, gettext: Gettext | None = None, years: list[int] | None = None) -> dict[str, object]:
    """What ``archive-form.js`` needs to refuse what ``check`` refuses, with its words.

    Each message is its template, translated, with the names of its values;
    a value that is itself a sentence (a month's name, a hint) is given as
    its own templates.
    """
    t = gettext_or_english(gettext)
    messages = {}
    for message_id, message in validator_messages(registry, today).items():
        messages[message_id] = t(message.template)
    messages["year_index"] = t(YEAR_INDEX)
    # The file name the form makes from the date and the title (``check_path``'s rule).
    (file_name,) = (p.text for p in validation.check_path(f"{STATEMENTS_FOLDER}/2016/2016-01-19-a_b.md") if p.text is not None)
    messages["file_name"] = t(file_name.template)
    # The sentences put into others: "; closest registry ids: …", " (did you mean …?)", month names.
    extra = {"months": [t(month) for month in validation.MONTHS]}
    return {
        "messages": messages,
        "months": extra["months"],
        "patterns": {
            "statement_id": validation.STATEMENT_ID.pattern,
            "iso_date": validation.ISO_DATE.pattern,
            "language": validation.LANGUAGE_TAG.pattern,
            "url": validation.SAFE_URL.pattern,
        },
        "required": list(validation.REQUIRED),
        "fields": list(validation.FIELDS),
        "kinds": list(KINDS),
        "max_title": validation.MAX_TITLE_CHARS,
        "registry": signatory_options(registry),
        #: The years that have their page; None: not known (every year is allowed).
        "years": sorted(years) if years is not None else None,
        "folder": STATEMENTS_FOLDER,
        "no_match": t(UI["no_match"]),
    }
