"""A synthetic corpus for the scale benchmark: question sets, answers and postponement notices as plain text,
recombined from the structures of real ones. Every document says in its first line that it is synthetic.

    .venv/bin/python benchmarks/scale_corpus.py --size 1000 --out /tmp/scale/corpus-s1-n1000 [--seed 1]

Nothing of the real corpus is copied into the project: the material is read at run time from ../shared.

- Headers: the askers with their parties, the posts addressed and the ingezonden dates of the real headers in the
  gold annotations of ../shared/corpus/dev (`*.gold.json`), and the answerers with their names and posts. A
  synthetic question set takes the askers of one real header (sometimes fewer of them), the addressees of a real
  header of about the same time (so the posts existed then), and a date within two months of the first; an
  answer is given from the first addressed post, by a minister of that post about that time when the gold names
  one (otherwise by the post alone), "mede namens" the other posts. So the linker resolves askers and ministers
  as it would on real headers ("unique name in period").
- Subjects: the `onderwerp` of the 2024-2025 question documents of the Tweede Kamer open data
  (../shared/data/tk/documents_schriftelijke_vragen_2024_2025.csv).
- Questions and answers: the texts kgraph extracts from the whole documents of the development corpus (limburg,
  seeds, learninglion, codewith), recombined; those that print identifiers, addresses or dates are left out, so
  references come only from the templates below.
- Templates written here (the header forms of the Aanhangsel van de Handelingen and of "Vragen gesteld door de
  leden der Kamer"): footnotes citing news pages of the publishers kgraph knows (kgraph/data/publishers.csv),
  Kamerstukken and earlier Aanhangsel publications; statutes cited by article (kgraph/data/statute_aliases.csv);
  a "Toelichting" with the vraagnummer of an earlier synthetic question set; an answer's "Zie ook Aanhangsel
  Handelingen …" to its postponement notice.

Identifiers cannot collide with real ones: zaak numbers are 50000-99999 of their year (real ones stay below
30000), Aanhangsel numbers 5000 and up in their session (real ones below 3500, kgraph/data/tk_aanhangsel.csv.gz),
so no synthetic document links to a real case or publication. Each question set prints its zaak number atop (as
a raw upload does) and its kv-tk id; its answer and notices print the same zaak number atop, which makes it their
case (kgraph/link/cases.py: "printed-zaak").

The same --seed and --size always give the same files (byte for byte); a different seed gives other
combinations. About 45 % of the documents are question sets, 40 % answers, 15 % postponement notices.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
TK_DOCUMENTS = SHARED / "data" / "tk" / "documents_schriftelijke_vragen_2024_2025.csv"
KGRAPH_DATA = Path(__file__).resolve().parents[1] / "kgraph" / "data"
GENERATOR_VERSION = "1"
MANIFEST = "SYNTHETIC.json"  # an unsupported suffix: `kgraph build` ignores it

SYNTHETIC_LINE = ("Synthetisch document (kgraph benchmarks/scale_corpus.py, seed {seed}): geen echte publicatie, "
                  "hercombineerd.")

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
LATEST = dt.date(2025, 9, 30)  # no date after the open data's end (the shapes allow up to the end of next year)

# Texts that would print references or dates of their own: the templates add those, counted.
_UNWANTED = re.compile(
    r"https?://|www\.|\b\d{4}Z\d{5}\b|\b(?:kst|kv-tk|ah-tk|h-tk)-|Kamerstuk|Aanhangsel|ingezonden|ontvangen|"
    r"vraagnummer|\bVraag\s+\d|\bAntwoord\s+\d|\bnr\.|footnote|\bartikel\b|\bart\.|\bZie ook\b|[\[\]{}<>]",
    re.IGNORECASE,
)
_NOTE_MARK = re.compile(r"\s*\(?\d{1,2}\)\s*$|(?<=[?.!])\d{1,2}$")
_SPACES = re.compile(r"\s+")


# --- material --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Header:
    """A real header: who asked whom, and when."""

    askers: tuple[tuple[str, str], ...]  # (name as printed, party)
    addressees: tuple[tuple[str, str], ...]  # (office, portfolio)
    submitted: dt.date


@dataclass(frozen=True, slots=True)
class Answerer:
    office: str
    name: str
    portfolio: str
    received: dt.date


@dataclass(frozen=True, slots=True)
class Material:
    headers: tuple[Header, ...]
    answerers: tuple[Answerer, ...]
    subjects: tuple[str, ...]
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    publishers: tuple[tuple[str, str], ...]  # (domain, name)
    statutes: tuple[str, ...]  # titles
    prepositions: dict[str, str]  # portfolio -> "van" | "voor"
    sources: dict[str, str] = field(default_factory=dict)  # what was read, with its sha256


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of one of kgraph's data CSVs (comment lines start with '#')."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def _clean(text: str) -> str | None:
    """A real question or answer text fit to be printed again: one paragraph without identifiers, or None."""
    text = _NOTE_MARK.sub("", _SPACES.sub(" ", text).strip())
    if not 25 <= len(text) <= 900 or _UNWANTED.search(text):
        return None
    return text


def _subject(onderwerp: str) -> str | None:
    text = _SPACES.sub(" ", onderwerp).strip().rstrip(".")
    if not 20 <= len(text) <= 180 or re.search(r"[()\[\]]|ingezonden|ontvangen|\d{4}Z\d{5}", text):
        return None
    # "Het bericht dat …" is printed "over het bericht dat …"; an acronym ("NOS-…") keeps its capital.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def load_material(corpus: Path = DEV_CORPUS, documents_csv: Path = TK_DOCUMENTS) -> Material:
    """Everything the generator recombines, read from the shared corpus and data (deterministically ordered)."""
    if not corpus.is_dir() or not documents_csv.is_file():
        sys.exit(f"scale_corpus: needs the development corpus ({corpus}) and the Tweede Kamer documents "
                 f"({documents_csv}); neither is copied into the project")
    from kgraph.errors import KgraphError
    from kgraph.extract import extract
    from kgraph.read import read

    sources: dict[str, str] = {}
    headers: list[Header] = []
    answerers: list[Answerer] = []
    for gold_path in sorted(corpus.rglob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        sources[str(gold_path.relative_to(corpus))] = _sha256(gold_path)
        askers = tuple((a["name"], a["party"]) for a in gold.get("askers", ()))
        addressees = tuple((a["office"], a["portfolio"]) for a in gold.get("addressees", ())
                           if not a.get("sub_portfolio"))
        if gold.get("submitted") and askers and addressees and all(party for _, party in askers):
            headers.append(Header(askers, addressees, dt.date.fromisoformat(gold["submitted"])))
        if gold.get("received"):
            received = dt.date.fromisoformat(gold["received"])
            answerers.extend(Answerer(a["office"], a["name"], a["portfolio"], received)
                             for a in gold.get("answerers", ()) if a.get("name") and not a.get("sub_portfolio"))

    questions: set[str] = set()
    answers: set[str] = set()
    whole = [path for folder in ("limburg", "seeds", "learninglion", "codewith")
             for path in sorted((corpus / folder).glob("*")) if path.suffix.lower() in (".txt", ".pdf", ".docx")]
    for path in whole:
        try:
            document = extract(read(path))
        except KgraphError:
            continue
        sources[str(path.relative_to(corpus))] = _sha256(path)
        questions.update(text for q in document.questions if (text := _clean(q.text)))
        answers.update(text for a in document.answers if (text := _clean(a.text)))

    subjects: set[str] = set()
    with documents_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["soort"] in ("Schriftelijke vragen", "Mondelinge vragen") and (text := _subject(row["onderwerp"])):
                subjects.add(text)
    sources[str(documents_csv.relative_to(SHARED))] = _sha256(documents_csv)

    publishers = tuple(sorted((row["domain"], row["publisher"]) for row in _data_rows(KGRAPH_DATA / "publishers.csv")))
    statutes = tuple(sorted({row["title"] for row in _data_rows(KGRAPH_DATA / "statute_aliases.csv")
                             if row["scheme"] == "BWB" and row["abbrev_confidence"].startswith("high")
                             and "(" not in row["title"] and len(row["title"]) < 60}))
    prepositions = {row["portfolio"]: row["preposition"] for row in _data_rows(KGRAPH_DATA / "portfolios.csv")}
    return Material(tuple(headers), tuple(answerers), tuple(sorted(subjects)), tuple(sorted(questions)),
                    tuple(sorted(answers)), publishers, statutes, prepositions, sources)


# --- one case: a question set, perhaps a postponement notice, perhaps an answer --------------------------------


@dataclass
class Case:
    askers: tuple[tuple[str, str], ...]
    addressees: tuple[tuple[str, str], ...]
    submitted: dt.date
    subject: str
    oral: bool
    questions: list[str]
    answers: list[str]
    groups: list[list[int]]  # question numbers (1-based) each answer answers
    notes: list[tuple[int, str]]  # (question number the note is printed after, note text)
    statute: tuple[int, str, int] | None  # (question number, statute title, article) cited in a question
    answerer: tuple[str, str | None, str]  # (office, name, portfolio) of the post that answers or postpones
    answered: dt.date | None  # None: not answered (yet)
    notice: dt.date | None  # a postponement notice received on this date
    notice_questions: bool = False  # the notice repeats the questions
    follows_up: int | None = None  # index of an earlier case its Toelichting names
    zaak: str = ""
    notice_number: str = ""  # "<session>-<number>"
    answer_number: str = ""


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _session(day: dt.date) -> str:
    """The parliamentary year (vergaderjaar) a day falls in, as 20242025 (from the third week of September)."""
    start = day.year if (day.month, day.day) >= (9, 16) else day.year - 1
    return f"{start}{start + 1}"


def _printed_session(session: str, dash: str = "–") -> str:
    return f"{session[:4]}{dash}{session[4:]}"


def _names(askers: Sequence[tuple[str, str]]) -> str:
    """'het lid Krul (CDA)', 'de leden Krul (CDA) en Bikker (ChristenUnie)', 'de leden A, B en C (allen CDA)'."""
    if len(askers) == 1:
        name, party = askers[0]
        return f"het lid {name} ({party})"
    parties = {party for _, party in askers}
    if len(parties) == 1 and len(askers) > 2:
        people = [name for name, _ in askers]
        return f"de leden {', '.join(people[:-1])} en {people[-1]} (allen {parties.pop()})"
    people = [f"{name} ({party})" for name, party in askers]
    return f"de leden {', '.join(people[:-1])} en {people[-1]}"


class Generator:
    """Cases and their documents for one seed."""

    def __init__(self, material: Material, seed: int) -> None:
        self.m = material
        self.seed = seed
        self.random = random.Random(seed)
        by_year: dict[int, list[Header]] = defaultdict(list)
        for header in material.headers:
            by_year[header.submitted.year].append(header)
        self.by_year = dict(by_year)
        answerers: dict[tuple[str, str], list[Answerer]] = defaultdict(list)
        for answerer in material.answerers:
            answerers[(answerer.office, answerer.portfolio)].append(answerer)
        self.answerers = dict(answerers)

    def post(self, office: str, portfolio: str) -> str:
        """'de minister van Financiën', 'de minister voor Rechtsbescherming', 'de minister-president'."""
        if office == "minister-president":
            return "de minister-president, minister van Algemene Zaken"
        return f"de {office} {self.m.prepositions.get(portfolio, 'van')} {portfolio}"

    def case(self) -> Case:
        r = self.random
        header = r.choice(self.m.headers)
        askers = header.askers
        if len(askers) > 1 and r.random() < 0.3:
            askers = askers[: r.randint(1, len(askers) - 1)]
        submitted = min(header.submitted + dt.timedelta(days=r.randint(-60, 60)), LATEST - dt.timedelta(days=120))
        # Addressees of another real header of about the same time, so that the posts existed then.
        near = [h for year in range(submitted.year - 1, submitted.year + 2) for h in self.by_year.get(year, ())
                if abs((h.submitted - submitted).days) <= 400]
        addressees = r.choice(near).addressees if near and r.random() < 0.5 else header.addressees
        count = min(max(2, round(r.gauss(8, 2.5))), 15)
        questions = r.sample(self.m.questions, count)
        statute = None
        if r.random() < 0.25:
            statute = (r.randint(1, count), r.choice(self.m.statutes), r.randint(1, 40))
        notes = []
        for _ in range(r.choice((0, 1, 1, 2, 2, 3, 4))):
            notes.append((r.randint(1, count), self.note(submitted)))
        notes.sort(key=lambda note: note[0])
        groups = [[n] for n in range(1, count + 1)]
        if count > 2 and r.random() < 0.3:  # "Antwoord 2 en 3"
            i = r.randint(0, count - 2)
            groups[i : i + 2] = [groups[i] + groups[i + 1]]
        answers = [r.choice(self.m.answers) for _ in groups]
        office, portfolio = addressees[0]
        answered = submitted + dt.timedelta(days=max(3, round(r.lognormvariate(3.4, 0.5))))
        notice = None
        if r.random() < 0.35:  # a postponement notice, about three weeks in
            notice = submitted + dt.timedelta(days=r.randint(18, 24))
            answered = max(answered, notice + dt.timedelta(days=r.randint(5, 60)))
        answered_case = r.random() < 0.85 and answered <= LATEST
        name = self.answerer_name(office, portfolio, answered)
        return Case(askers, addressees, submitted, r.choice(self.m.subjects), r.random() < 0.03, questions, answers,
                    groups, notes, statute, (office, name, portfolio), answered if answered_case else None, notice,
                    r.random() < 0.5)

    def answerer_name(self, office: str, portfolio: str, day: dt.date) -> str | None:
        """A real holder of the post about that day (within a year), else None (the answer names the post only)."""
        candidates = [a for a in self.answerers.get((office, portfolio), ()) if abs((a.received - day).days) <= 365]
        if not candidates:
            return None
        best = min(abs((a.received - day).days) for a in candidates)
        return self.random.choice(sorted({a.name for a in candidates if abs((a.received - day).days) == best}))

    def note(self, before: dt.date) -> str:
        r = self.random
        roll = r.random()
        if roll < 0.65:
            domain, publisher = r.choice(self.m.publishers)
            headline = r.choice(self.m.subjects)
            headline = headline[0].upper() + headline[1:]
            published = before - dt.timedelta(days=r.randint(1, 20))
            slug = "-".join(re.findall(r"[a-z0-9]+", headline.lower())[:8])
            host = domain if domain.count(".") > 1 else f"www.{domain}"
            return (f"{publisher}, {_date(published)}, «{headline}» "
                    f"(https://{host}/artikel/{r.randint(100000, 9999999)}-{slug})")
        if roll < 0.9:
            dossier = r.randint(21501, 36700)
            return f"Kamerstuk {dossier // 1000} {dossier % 1000:03d}, nr. {r.randint(1, 400)}"
        session = _session(before - dt.timedelta(days=r.randint(30, 700)))
        return f"Aanhangsel Handelingen, vergaderjaar {_printed_session(session, '-')}, nr. {r.randint(5000, 5999)}"

    # --- the documents -----------------------------------------------------------------------------------

    def header(self, case: Case) -> str:
        oral = "Mondelinge vragen" if case.oral else "Vragen"
        addressed = " en ".join(self.post(office, portfolio) for office, portfolio in case.addressees)
        return (f"{oral} van {_names(case.askers)} aan {addressed} over {case.subject} "
                f"(ingezonden {_date(case.submitted)}).")

    def top(self, case: Case, aanhangsel: str | None) -> list[str]:
        lines = [SYNTHETIC_LINE.format(seed=self.seed), case.zaak, "Tweede Kamer der Staten-Generaal"]
        if aanhangsel is None:
            lines.append(f"Vergaderjaar {_printed_session(_session(case.submitted))} "
                         "Vragen gesteld door de leden der Kamer")
        else:
            session, number = aanhangsel.split("-")
            lines += [f"Vergaderjaar {_printed_session(session)} Aanhangsel van de Handelingen",
                      "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden",
                      number]
        return lines + [""]

    def question_lines(self, case: Case, marks: bool) -> list[str]:
        """Each question under its heading; with `marks`, the note markers after the questions they belong to."""
        lines = []
        marked = defaultdict(list)
        for number, (after, _) in enumerate(case.notes, start=1):
            marked[after].append(number)
        for number, text in enumerate(case.questions, start=1):
            if case.statute is not None and case.statute[0] == number:
                text += f" Hoe verhoudt dit zich tot artikel {case.statute[2]} van de {case.statute[1]}?"
            if marks and marked[number]:
                text += " " + " ".join(f"{n})" for n in marked[number])
            lines += [f"Vraag {number}", text, ""]
        return lines

    def note_lines(self, case: Case) -> list[str]:
        return [f"{number}) {text}" for number, (_, text) in enumerate(case.notes, start=1)] + ([""] if case.notes else [])

    def questions_document(self, case: Case, earlier: Case | None) -> str:
        lines = self.top(case, None) + [self.header(case), ""] + self.question_lines(case, marks=True)
        if earlier is not None:
            lines += ["Toelichting:", f"Deze vragen dienen ter aanvulling op eerdere vragen van {_names(earlier.askers)}, "
                      f"ingezonden op {_date(earlier.submitted)} (vraagnummer {earlier.zaak})", ""]
        lines += self.note_lines(case) + [f"kv-tk-{case.zaak}"]
        return "\n".join(lines) + "\n"

    def answerer_line(self, case: Case, word: str, day: dt.date, others: bool) -> str:
        office, name, portfolio = case.answerer
        who = f"{office} {name} ({portfolio})" if name else self.post(office, portfolio).removeprefix("de ")
        behalf = ""
        if others and len(case.addressees) > 1:
            behalf = ", mede namens " + " en ".join(self.post(o, p) for o, p in case.addressees[1:])
        return f"{word} van {who}{behalf} (ontvangen {_date(day)})."

    def notice_document(self, case: Case) -> str:
        assert case.notice is not None
        lines = self.top(case, case.notice_number) + [self.header(case),
                                                      self.answerer_line(case, "Mededeling", case.notice, False), ""]
        if case.notice_questions:
            lines += self.question_lines(case, marks=False)
        lines += ["Mededeling",
                  f"De vragen van {_names(case.askers)} over {case.subject} ({case.zaak}) kunnen tot mijn spijt niet "
                  "binnen de gebruikelijke termijn worden beantwoord. De reden van het uitstel is dat de afstemming "
                  "ten behoeve van de beantwoording meer tijd vergt. Ik zal u zo spoedig mogelijk de antwoorden doen "
                  "toekomen.", "", f"ah-tk-{case.notice_number}"]
        return "\n".join(lines) + "\n"

    def answer_document(self, case: Case) -> str:
        assert case.answered is not None
        lines = self.top(case, case.answer_number) + [self.header(case),
                                                      self.answerer_line(case, "Antwoord", case.answered, True)]
        if case.notice_number:
            session, notice = case.notice_number.split("-")
            lines.append(f"Zie ook Aanhangsel Handelingen, vergaderjaar {_printed_session(session, '-')}, nr. {notice}")
        lines.append("")
        questions = self.question_lines(case, marks=True)
        for group, text in zip(case.groups, case.answers):
            for question in group:
                start = (question - 1) * 3
                lines += questions[start : start + 3]
            heading = "Antwoord " + " en ".join(str(n) for n in group)
            lines += [heading, text, ""]
        lines += self.note_lines(case) + [f"ah-tk-{case.answer_number}"]
        return "\n".join(lines) + "\n"


def generate(material: Material, size: int, seed: int) -> Iterator[tuple[str, str, str]]:
    """(kind, file name, text) for `size` documents, in a fixed order."""
    generator = Generator(material, seed)
    cases: list[Case] = []
    documents = 0
    while documents < size:
        case = generator.case()
        cases.append(case)
        documents += 1 + (case.notice is not None) + (case.answered is not None)
    cases.sort(key=lambda case: case.submitted)
    # Numbers in the order of the dates, out of the real ranges (see the module docstring).
    zaken: dict[int, int] = defaultdict(lambda: 50000)
    numbers: dict[str, int] = defaultdict(lambda: 5000)
    for case in cases:
        year = case.submitted.year
        if zaken[year] > 99999:
            sys.exit(f"scale_corpus: more than 50,000 synthetic cases in {year}; the zaak numbers would run out")
        case.zaak = f"{year}Z{zaken[year]:05d}"
        zaken[year] += 1
    published = sorted([(case.notice, 0, i) for i, case in enumerate(cases) if case.notice]
                       + [(case.answered, 1, i) for i, case in enumerate(cases) if case.answered])
    for day, which, i in published:
        session = _session(day)
        number = f"{session}-{numbers[session]}"
        numbers[session] += 1
        if which == 0:
            cases[i].notice_number = number
        else:
            cases[i].answer_number = number
    for i, case in enumerate(cases):
        if i > 10 and generator.random.random() < 0.06:
            case.follows_up = generator.random.randint(max(0, i - 200), i - 1)

    written = 0
    for i, case in enumerate(cases):
        earlier = cases[case.follows_up] if case.follows_up is not None else None
        texts = [("questions", generator.questions_document(case, earlier))]
        if case.notice_number:
            texts.append(("postponement", generator.notice_document(case)))
        if case.answer_number:
            texts.append(("answer", generator.answer_document(case)))
        for kind, text in texts:
            if written == size:
                return
            yield kind, f"{written // 1000:03d}/{written:06d}-{kind}.txt", text
            written += 1


def write_corpus(out: Path, size: int, seed: int) -> dict[str, object]:
    """Write the corpus into `out` (which must not hold another one) and its manifest; return the manifest."""
    material = load_material()
    kinds: dict[str, int] = defaultdict(int)
    out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for kind, name, text in generate(material, size, seed):
        path = out / name
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        digest.update(data)
        kinds[kind] += 1
    manifest: dict[str, object] = {
        "synthetic": True,
        "note": "Synthetic documents for kgraph's scale benchmark, recombined from real structures: not real "
                "parliamentary documents. Made by benchmarks/scale_corpus.py.",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "size": size,
        "kinds": dict(sorted(kinds.items())),
        "sha256": digest.hexdigest(),
        "material": {"headers": len(material.headers), "answerers": len(material.answerers),
                     "subjects": len(material.subjects), "questions": len(material.questions),
                     "answers": len(material.answers)},
        "sources": material.sources,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def check(folder: Path, sample: int, seed: int) -> int:
    """Extract, link, map and validate `sample` documents of a written corpus, chosen by `seed`, in this process,
    and print what kgraph found in each: the check that the documents extract like real ones. 1 when any
    document misses a field its kind must have, prints a warning or does not conform."""
    import kgraph
    from kgraph.validate import validate_graph

    paths = sorted(folder.rglob("*.txt"))
    chosen = sorted(random.Random(seed).sample(paths, min(sample, len(paths))))
    problems = 0
    triples: list[int] = []
    for path in chosen:
        document = kgraph.extract(path)
        linked = kgraph.link(document)
        graph = kgraph.to_graph(linked)
        report = validate_graph(graph)
        triples.append(len(graph))
        kind = document.kind.value
        missing = [name for name, ok in (
            ("askers", document.askers), ("addressees", document.addressees), ("submitted", document.submitted),
            ("questions", document.questions or kind == "postponement"),
            ("answerers", document.answerers or kind == "questions"),
            ("received", document.received or kind == "questions"),
            ("answers", document.answers or kind != "answer"),
            ("case", linked.case is not None), ("koop_id", document.koop_id)) if not ok]
        resolved = sum(1 for asker in linked.askers if "/person/printed/" not in asker.person.iri)
        bad = bool(missing or document.warnings or linked.warnings or not report.conforms)
        problems += bad
        print(f"{'!!' if bad else 'ok'} {path.relative_to(folder)} {kind:12} askers {len(document.askers)} "
              f"(resolved {resolved}) addressees {len(document.addressees)} answerers {len(document.answerers)} "
              f"questions {len(document.questions)} answers {len(document.answers)} notes {len(document.footnotes)} "
              f"refs {len(document.references)} triples {len(graph)} SHACL {'conforms' if report.conforms else 'NO'}"
              + (f" missing {missing}" if missing else "")
              + (f" warnings {[*document.warnings, *linked.warnings]}" if document.warnings or linked.warnings else ""))
    print(f"{len(chosen)} checked, {problems} with problems; triples a document: mean "
          f"{sum(triples) / max(len(triples), 1):.0f}, min {min(triples, default=0)}, max {max(triples, default=0)}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of documents (e.g. 1000, 10000, 100000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created; must not hold files)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", type=int, metavar="N", default=0,
                        help="then extract, link and validate N of the documents and print what kgraph found")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    manifest = write_corpus(args.out, args.size, args.seed)
    print(f"{args.out}: {manifest['size']} synthetic documents {manifest['kinds']} (seed {args.seed}, "
          f"sha256 {str(manifest['sha256'])[:12]})")
    return check(args.out, args.check, args.seed) if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
