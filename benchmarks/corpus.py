"""A synthetic, deterministic corpus of statements for the benchmark.

``generate(n, seed)`` gives the same registry and statements for the same
arguments. Statements are 600–2,000 words, in English and Spanish, signed by a
skewed mix of ~40 organisations, dated across the years, and mention places,
organisations and glossary terms the way real statements do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from solidarity_archive.core import registry
from solidarity_archive.core.model import Signatory
from solidarity_archive.core.text import slug_words

MIN_WORDS = 600
MAX_WORDS = 2000
REGISTRY_SIZE = 40
FIRST_YEAR = 2001
LAST_YEAR = 2025
SPANISH_SHARE = 0.35

KINDS = ("press release", "open letter", "statement", "declaration", "communiqué", "petition", "report")
KIND_WEIGHTS = (30, 20, 25, 10, 8, 4, 3)

PLACES = (
    ("San Salvador", "El Salvador"),
    ("Santa Ana", "El Salvador"),
    ("San Miguel", "El Salvador"),
    ("Suchitoto", "El Salvador"),
    ("Chalatenango", "El Salvador"),
    ("Cabañas", "El Salvador"),
    ("Usulután", "El Salvador"),
    ("La Libertad", "El Salvador"),
    ("Washington", "United States"),
    ("Los Angeles", "United States"),
    ("San Francisco", "United States"),
    ("New York", "United States"),
    ("Boston", "United States"),
    ("Chicago", "United States"),
    ("Toronto", "Canada"),
    ("Ottawa", "Canada"),
    ("Tegucigalpa", "Honduras"),
    ("Guatemala City", "Guatemala"),
    ("Mexico City", "Mexico"),
    ("Madrid", "Spain"),
    ("Barcelona", "Spain"),
    ("Brussels", "Belgium"),
    ("Geneva", "Switzerland"),
)
PLACE_WEIGHTS = (40, 4, 4, 3, 3, 3, 2, 2, 15, 4, 4, 3, 2, 2, 3, 2, 3, 3, 3, 2, 1, 2, 2)

# Organisation names are assembled from these parts; ids and acronyms follow.
ORG_KINDS_EN = ("Committee", "Network", "Alliance", "Coalition", "Foundation", "Centre", "Union", "Association", "Council", "Forum")
ORG_TOPICS_EN = (
    "Human Rights",
    "Solidarity",
    "Water Justice",
    "Land and Labour",
    "Migrant Rights",
    "Peace",
    "Indigenous Rights",
    "Women's Rights",
    "Fair Trade",
    "Democracy",
)
ORG_KINDS_ES = ("Comité", "Red", "Alianza", "Coordinadora", "Fundación", "Centro", "Asociación", "Movimiento", "Mesa", "Colectivo")
ORG_TOPICS_ES = (
    "Derechos Humanos",
    "Solidaridad",
    "Agua",
    "Tierra y Trabajo",
    "Migrantes",
    "Paz",
    "Pueblos Indígenas",
    "Mujeres",
    "Comercio Justo",
    "Memoria Histórica",
)
COUNTRIES = ("United States", "El Salvador", "Canada", "Spain", "Honduras", "Guatemala", "Belgium", "Germany")

# Fallback glossary when the archive's glossary has few terms: (term, aliases).
FALLBACK_TERMS = (
    ("CARSI", ("Central America Regional Security Initiative",)),
    ("FMLN", ("Farabundo Martí National Liberation Front", "Frente Farabundo Martí")),
    ("ARENA", ("Nationalist Republican Alliance", "Alianza Republicana Nacionalista")),
    ("state of exception", ("régimen de excepción", "state of emergency")),
    ("Peace Accords", ("Acuerdos de Paz", "Chapultepec Peace Accords")),
    ("CAFTA-DR", ("CAFTA", "Central America Free Trade Agreement")),
    ("metallic mining ban", ("prohibición de la minería metálica", "mining ban")),
    ("Bitcoin Law", ("Ley Bitcoin",)),
    ("El Mozote massacre", ("masacre de El Mozote", "El Mozote")),
    ("Millennium Challenge Corporation", ("MCC",)),
    ("Alliance for Prosperity", ("Plan of the Alliance for Prosperity", "Alianza para la Prosperidad")),
    ("TPS", ("Temporary Protected Status", "Estatus de Protección Temporal")),
)

EN_SUBJECTS = (
    "the government",
    "the Legislative Assembly",
    "the security forces",
    "the Attorney General's office",
    "the embassy",
    "the Supreme Court",
    "the mining company",
    "the authorities",
    "the international community",
    "the United States Congress",
    "the State Department",
    "the police",
    "the armed forces",
    "the ministry of the environment",
    "the World Bank",
)
EN_VERBS = (
    "has ignored",
    "continues to deny",
    "must respect",
    "has violated",
    "refuses to investigate",
    "has criminalised",
    "should guarantee",
    "has weakened",
    "must protect",
    "cannot silence",
    "has failed to uphold",
    "is undermining",
    "must restore",
    "has dismantled",
    "continues to finance",
)
EN_OBJECTS = (
    "the right to water",
    "due process",
    "freedom of expression",
    "the rights of migrants",
    "the independence of the courts",
    "the defenders of the land",
    "the families of the disappeared",
    "access to public information",
    "the rural communities",
    "the right to organise",
    "the memory of the victims",
    "the rule of law",
    "the environment",
    "the working people",
    "the peace process",
)
EN_CLAUSES = (
    "in open contradiction with its international obligations",
    "despite repeated calls from civil society",
    "as documented by independent observers",
    "at a moment of deep economic crisis",
    "while poverty and displacement grow",
    "without any public consultation",
    "under the pretext of public security",
    "in the middle of an electoral campaign",
    "as the communities have denounced for years",
    "with the silence of its international allies",
)
EN_OPENERS = (
    "We denounce that",
    "We are alarmed that",
    "It is unacceptable that",
    "We observe with concern that",
    "The evidence shows that",
    "Once again",
    "We recall that",
    "Communities report that",
    "Our delegation witnessed that",
    "It is clear that",
)
EN_DEMANDS = (
    "an immediate end to arbitrary detentions",
    "the release of all political prisoners",
    "a full and independent investigation",
    "the repeal of the emergency measures",
    "reparations for the victims and their families",
    "an end to military aid",
    "respect for the outcome of the consultation",
    "the protection of human rights defenders",
    "transparency in the use of public funds",
    "the suspension of deportations",
)

ES_SUBJECTS = (
    "el gobierno",
    "la Asamblea Legislativa",
    "las fuerzas de seguridad",
    "la Fiscalía General",
    "la embajada",
    "la Corte Suprema",
    "la empresa minera",
    "las autoridades",
    "la comunidad internacional",
    "el Congreso de los Estados Unidos",
    "el Departamento de Estado",
    "la policía",
    "la Fuerza Armada",
    "el ministerio de medio ambiente",
    "el Banco Mundial",
)
ES_VERBS = (
    "ha ignorado",
    "sigue negando",
    "debe respetar",
    "ha violado",
    "se niega a investigar",
    "ha criminalizado",
    "debe garantizar",
    "ha debilitado",
    "debe proteger",
    "no puede silenciar",
    "no ha cumplido con",
    "está socavando",
    "debe restablecer",
    "ha desmantelado",
    "continúa financiando",
)
ES_OBJECTS = (
    "el derecho al agua",
    "el debido proceso",
    "la libertad de expresión",
    "los derechos de las personas migrantes",
    "la independencia judicial",
    "a los defensores de la tierra",
    "a las familias de los desaparecidos",
    "el acceso a la información pública",
    "a las comunidades rurales",
    "el derecho a organizarse",
    "la memoria de las víctimas",
    "el Estado de derecho",
    "el medio ambiente",
    "al pueblo trabajador",
    "el proceso de paz",
)
ES_CLAUSES = (
    "en abierta contradicción con sus obligaciones internacionales",
    "a pesar de los llamados reiterados de la sociedad civil",
    "como lo han documentado observadores independientes",
    "en un momento de profunda crisis económica",
    "mientras crecen la pobreza y el desplazamiento",
    "sin ninguna consulta pública",
    "bajo el pretexto de la seguridad pública",
    "en plena campaña electoral",
    "como lo han denunciado las comunidades durante años",
    "con el silencio de sus aliados internacionales",
)
ES_OPENERS = (
    "Denunciamos que",
    "Nos alarma que",
    "Es inaceptable que",
    "Observamos con preocupación que",
    "La evidencia muestra que",
    "Una vez más,",
    "Recordamos que",
    "Las comunidades informan que",
    "Nuestra delegación constató que",
    "Es evidente que",
)
ES_DEMANDS = (
    "el fin inmediato de las detenciones arbitrarias",
    "la liberación de todas las personas presas políticas",
    "una investigación completa e independiente",
    "la derogación de las medidas de excepción",
    "la reparación a las víctimas y sus familias",
    "el fin de la ayuda militar",
    "el respeto al resultado de la consulta",
    "la protección de las personas defensoras",
    "transparencia en el uso de los fondos públicos",
    "la suspensión de las deportaciones",
)

EN_TITLE_PATTERNS = (
    "{org} Condemns {thing}",
    "Open Letter on {thing}",
    "Solidarity with {place_city} Against {thing}",
    "{org} Demands an End to {thing}",
    "Statement on {thing} in {place_city}",
    "International Delegation Reports on {thing}",
)
EN_TITLE_THINGS = (
    "Arbitrary Detentions",
    "Mining Concessions",
    "Attacks on Journalists",
    "Deportations",
    "Water Privatisation",
    "Military Aid",
    "Repression of Unions",
    "the State of Exception",
    "Impunity for the Massacre",
    "Land Evictions",
    "Electoral Irregularities",
    "Violence Against Women",
)
ES_TITLE_PATTERNS = (
    "{org} condena {thing}",
    "Carta abierta sobre {thing}",
    "Solidaridad con {place_city} frente a {thing}",
    "{org} exige el fin de {thing}",
    "Pronunciamiento sobre {thing} en {place_city}",
    "Delegación internacional informa sobre {thing}",
)
ES_TITLE_THINGS = (
    "las detenciones arbitrarias",
    "las concesiones mineras",
    "los ataques a periodistas",
    "las deportaciones",
    "la privatización del agua",
    "la ayuda militar",
    "la represión sindical",
    "el régimen de excepción",
    "la impunidad de la masacre",
    "los desalojos",
    "las irregularidades electorales",
    "la violencia contra las mujeres",
)

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class GeneratedStatement:
    id: str
    year: int
    title: str
    language: str
    words: int
    text: str  # the whole file: frontmatter and body
    body: str

    @property
    def path(self) -> str:
        return f"statements/{self.year}/{self.id}.md"


@dataclass
class Corpus:
    organisations: list[Signatory]
    statements: list[GeneratedStatement] = field(default_factory=list)

    def registry_yaml(self) -> str:
        return registry_yaml(self.organisations)

    def years(self) -> list[int]:
        return sorted({s.year for s in self.statements})


def slugify(text: str, max_words: int = 6) -> str:
    return "-".join(slug_words(text)[:max_words]) or "statement"


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_glossary_terms(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Terms of a MyST ``{glossary}`` block (term lines are unindented), with aliases.

    Stacked term lines name one entry: the first is the term, the rest its
    aliases. A definition line ``Also: a; b`` or ``Aliases: a, b`` adds more.
    """
    if not path.is_file():
        return []
    entries: list[tuple[str, list[str]]] = []
    inside = False
    previous_was_term = False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("```{glossary}") or stripped.startswith(":::{glossary}"):
            inside, previous_was_term = True, False
            continue
        if not inside:
            continue
        if stripped.startswith("```") or stripped.startswith(":::"):
            inside = False
            continue
        if not stripped or stripped.startswith(":"):
            previous_was_term = False
            continue
        if not line[0].isspace():
            term = stripped.split(" : ")[0].strip()
            if previous_was_term and entries:
                entries[-1][1].append(term)
            else:
                entries.append((term, []))
            previous_was_term = True
            continue
        previous_was_term = False
        match = re.match(r"^(?:also|aliases?|also known as|también)\s*:\s*(.+)$", stripped, re.IGNORECASE)
        if match and entries:
            entries[-1][1].extend(a.strip().strip("*_`") for a in re.split(r"[;,]", match.group(1)) if a.strip())
    return [(term, tuple(aliases)) for term, aliases in entries]


def glossary_terms(path: Path | None) -> list[tuple[str, tuple[str, ...]]]:
    """The archive's glossary terms, topped up with built-in ones up to a dozen."""
    terms = read_glossary_terms(path) if path else []
    known = {t.casefold() for t, _ in terms}
    for term, aliases in FALLBACK_TERMS:
        if len(terms) >= len(FALLBACK_TERMS):
            break
        if term.casefold() not in known:
            terms.append((term, aliases))
    return terms


def make_organisations(rng: random.Random, existing: list[Signatory], size: int = REGISTRY_SIZE) -> list[Signatory]:
    """The registry: the archive's own organisations first, then generated ones up to ``size``."""
    organisations = list(existing[:size])
    used_ids = {o.id for o in organisations}
    used_names = {o.name for o in organisations}
    misses = 0
    while len(organisations) < size:
        spanish = rng.random() < 0.45
        if spanish:
            kind, topic = rng.choice(ORG_KINDS_ES), rng.choice(ORG_TOPICS_ES)
            place = rng.choice(("de El Salvador", "Salvadoreña", "de Cabañas", "de Chalatenango", "Centroamericana", "del Bajo Lempa"))
            name = f"{kind} de {topic} {place}".replace("de de", "de")
            country = "El Salvador"
        else:
            kind, topic = rng.choice(ORG_KINDS_EN), rng.choice(ORG_TOPICS_EN)
            where = rng.choice(("El Salvador", "Central America", "the Americas", "Salvadoran Communities", "Latin America"))
            name = f"{topic} {kind} for {where}"
            country = rng.choice(COUNTRIES)
        if name in used_names:
            misses += 1
            if misses < 50:
                continue
            name = f"{name} {len(organisations)}"  # a large registry outgrows the name parts
        misses = 0
        acronym = "".join(w[0] for w in re.findall(r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ']*", name)).upper()
        sid = slugify(acronym if len(acronym) >= 3 else name, 4)
        if sid in used_ids:
            sid = f"{sid}-{len(organisations)}"
        aliases = (f"{name.split(' ')[0]} {acronym}",) if rng.random() < 0.4 else ()
        url = f"https://{sid}.example.org/" if rng.random() < 0.7 else None
        organisations.append(Signatory(sid, name, country, acronym if len(acronym) >= 3 else None, url, aliases))
        used_ids.add(sid)
        used_names.add(name)
    return organisations


def read_registry(path: Path | None) -> list[Signatory]:
    """The archive's registry entries, so that its own pages still resolve."""
    if path is None or not path.is_file():
        return []
    loaded, _ = registry.load(path, path.name)
    return list(loaded.signatories.values())


def registry_yaml(organisations: list[Signatory]) -> str:
    lines = ["# Generated by the benchmark: a registry of organisations.", ""]
    for org in organisations:
        lines.append(f"{org.id}:")
        lines.append(f"  name: {_yaml_quote(org.name)}")
        if org.acronym:
            lines.append(f"  acronym: {_yaml_quote(org.acronym)}")
        lines.append(f"  country: {_yaml_quote(org.country)}")
        if org.url:
            lines.append(f"  url: {org.url}")
        if org.aliases:
            lines.append("  aliases:")
            lines.extend(f"    - {_yaml_quote(a)}" for a in org.aliases)
        lines.append("")
    return "\n".join(lines)


class _Writer:
    """Writes one statement's text from the pools of its language."""

    def __init__(self, rng: random.Random, spanish: bool, orgs: list[Signatory], terms, place):
        self.rng = rng
        self.spanish = spanish
        self.orgs = orgs
        self.terms = terms
        self.place = place
        pools = (
            (ES_SUBJECTS, ES_VERBS, ES_OBJECTS, ES_CLAUSES, ES_OPENERS, ES_DEMANDS)
            if spanish
            else (EN_SUBJECTS, EN_VERBS, EN_OBJECTS, EN_CLAUSES, EN_OPENERS, EN_DEMANDS)
        )
        self.subjects, self.verbs, self.objects, self.clauses, self.openers, self.demands = pools

    def mention(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35 and self.terms:
            term, aliases = rng.choice(self.terms)
            return rng.choice((term, *aliases)) if aliases and rng.random() < 0.4 else term
        if roll < 0.6:
            org = rng.choice(self.orgs)
            names = [org.name, *(org.aliases or ())] + ([org.acronym] if org.acronym else [])
            return rng.choice(names)
        if roll < 0.8:
            return self.place[0]
        year = rng.randint(1980, 2025)
        return f"{'el año' if self.spanish else 'the year'} {year}"

    def sentence(self) -> str:
        rng = self.rng
        subject = rng.choice(self.subjects)
        parts = [rng.choice(self.openers), subject, rng.choice(self.verbs), rng.choice(self.objects)]
        if rng.random() < 0.6:
            parts.append(rng.choice(self.clauses))
        if rng.random() < 0.5:
            parts.append(("en relación con " if self.spanish else "in relation to ") + self.mention())
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def demand_list(self) -> str:
        intro = "Por todo lo anterior, exigimos:" if self.spanish else "For all these reasons, we demand:"
        items = self.rng.sample(self.demands, self.rng.randint(3, 6))
        return intro + "\n\n" + "\n".join(f"- {item[0].upper() + item[1:]}," for item in items)

    def body(self, target_words: int) -> str:
        blocks: list[str] = []
        words = 0
        demands_at = self.rng.randint(2, 6)
        while words < target_words:
            block = self.demand_list() if len(blocks) == demands_at else self.paragraph()
            blocks.append(block)
            words += len(block.split())
        # Trim the last paragraph's sentences so the total stays in range.
        while words > MAX_WORDS and len(blocks) > 1:
            words -= len(blocks.pop().split())
        return "\n\n".join(blocks) + "\n"


def _signatory_count(rng: random.Random) -> int:
    return min(12, max(1, int(rng.expovariate(1 / 2.5)) + 1))


def make_statement(rng: random.Random, orgs: list[Signatory], terms, taken: set[str], weights: list[float]) -> GeneratedStatement:
    """One statement with valid frontmatter and a 600–2,000-word body."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year = rng.choices(years, weights=[1 + (y - FIRST_YEAR) * 0.15 for y in years])[0]
    date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    spanish = rng.random() < SPANISH_SHARE
    place = rng.choices(PLACES, weights=PLACE_WEIGHTS)[0]
    signatories = []
    for _ in range(_signatory_count(rng)):
        org = rng.choices(orgs, weights=weights)[0]
        if org not in signatories:
            signatories.append(org)
    lead = signatories[0]
    patterns, things = (ES_TITLE_PATTERNS, ES_TITLE_THINGS) if spanish else (EN_TITLE_PATTERNS, EN_TITLE_THINGS)
    title = rng.choice(patterns).format(org=lead.acronym or lead.name, thing=rng.choice(things), place_city=place[0])
    title = title[0].upper() + title[1:]
    slug = slugify(title)
    sid = f"{date.isoformat()}-{slug}"
    suffix = 2
    while sid in taken:
        sid = f"{date.isoformat()}-{slug}-{suffix}"
        suffix += 1
    taken.add(sid)

    target = round(rng.triangular(MIN_WORDS, MAX_WORDS, 1200))
    body = _Writer(rng, spanish, orgs, terms, place).body(target)
    words = len(body.split())

    fm = ["---", f"title: {_yaml_quote(title)}", f"date: {date.isoformat()}"]
    if rng.random() < 0.08:
        fm.append(f"date_as_printed: {_yaml_quote(f'{EN_MONTHS[date.month - 1]} {date.day}, {date.year}')}")
    fm.append(f"place: {_yaml_quote(f'{place[0]}, {place[1]}')}")
    fm.append("signatories:")
    fm.extend(f"  - {org.id}" for org in signatories)
    fm.append(f"language: {'es-SV' if spanish and rng.random() < 0.2 else 'es' if spanish else 'en'}")
    fm.append(f"kind: {rng.choices(KINDS, weights=KIND_WEIGHTS)[0]}")
    if rng.random() < 0.5:
        fm.append("source:")
        fm.append(f"  url: https://{lead.id}.example.org/{date.year}/{slug}")
        fm.append(f"  retrieved: {min(date + dt.timedelta(days=rng.randint(1, 900)), dt.date(LAST_YEAR, 12, 31)).isoformat()}")
    if rng.random() < 0.1:
        fm.append("note: >-")
        fm.append("  The archive's copy was transcribed from a printed leaflet; the")
        fm.append("  list of signatories follows the printed order.")
    fm.append("---")
    text = "\n".join(fm) + "\n\n" + body
    return GeneratedStatement(sid, year, title, "es" if spanish else "en", words, text, body)


#: With a registry larger than REGISTRY_SIZE, this share of statements are open letters
#: signed by LONG_LIST signatories.
LONG_LIST_SHARE = 0.02
LONG_LIST = (100, 250)


def generate(n: int, seed: int = 1, *, glossary: Path | None = None, registry: Path | None = None, registry_size: int = REGISTRY_SIZE) -> Corpus:
    """``n`` statements and a registry of ~40 organisations (or ``registry_size``), the same for the same seed.

    A larger registry also brings long lists: about 2% of statements are then
    signed by 100–250 organisations (the default corpus is unchanged).
    """
    rng = random.Random(seed)
    orgs = make_organisations(rng, read_registry(registry), registry_size)
    # A few organisations sign most statements (Zipf-like).
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(orgs))]
    terms = glossary_terms(glossary)
    corpus = Corpus(orgs)
    taken: set[str] = set()
    for _ in range(n):
        corpus.statements.append(make_statement(rng, orgs, terms, taken, weights))
    if registry_size > REGISTRY_SIZE:
        long_rng = random.Random(seed * 31 + 1)
        for index, statement in enumerate(corpus.statements):
            if long_rng.random() < LONG_LIST_SHARE:
                corpus.statements[index] = _with_long_list(statement, long_rng.sample(orgs, long_rng.randint(*LONG_LIST)))
    corpus.terms = terms  # type: ignore[attr-defined]
    corpus.rng_state = rng.getstate()  # type: ignore[attr-defined]
    return corpus


def _with_long_list(statement: GeneratedStatement, signers: list[Signatory]) -> GeneratedStatement:
    head, _, rest = statement.text.partition("\nsignatories:\n")
    listed, _, tail = rest.partition("\nlanguage:")
    text = head + "\nsignatories:\n" + "\n".join(f"  - {org.id}" for org in signers) + "\nlanguage:" + tail
    return dataclasses.replace(statement, text=text)


def extra_statement(corpus: Corpus, seed: int = 1) -> GeneratedStatement:
    """One more statement, not in the corpus (for the "add a statement" rebuild)."""
    rng = random.Random(seed * 7919 + len(corpus.statements))
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(corpus.organisations))]
    taken = {s.id for s in corpus.statements}
    return make_statement(rng, corpus.organisations, getattr(corpus, "terms", list(FALLBACK_TERMS)), taken, weights)


def write(corpus: Corpus, root: Path) -> None:
    """Statement files under ``root/statements/YYYY/``; year pages are the caller's."""
    for statement in corpus.statements:
        path = root / statement.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(statement.text, encoding="utf-8")
