"""JSON-LD: the context names every term kgraph writes (checked against the ontology and against real graphs, so it
cannot drift), values are typed natively, and the framed per-document form expands back to the same triples in
an independent JSON-LD processor (pyld)."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

import kgraph
from kgraph.cli import main
from kgraph.jsonld import context, frame_context, frame_document, terms
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.resources import ontology_dir
from kgraph.store import Store
from kgraph.vocab import KG, OWL, PREFIXES, PROV, RDF

from conftest import QUESTION_SEED, SEEDS, SHARED_CORPUS, whole_documents

pyld = pytest.importorskip("pyld", reason="pyld (a test extra: pip install -e '.[test]') checks the JSON-LD")
from pyld import jsonld  # noqa: E402

# Vocabularies whose terms the context may name besides kg: (the ontology's) ones.
STANDARD = tuple(iri for prefix, iri in {**PREFIXES, **{p: v for p, v in context().items() if isinstance(v, str)
                                                         and v.endswith(("#", "/"))}}.items() if prefix != "kg")


@functools.cache
def seed_graphs() -> tuple[Graph, ...]:
    """Both seeds linked and unlinked, and the reference graph."""
    graphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        document = kgraph.extract(path)
        graphs += [kgraph.to_graph(document), kgraph.to_graph(kgraph.link(document))]
    return (*graphs, reference_graph(Minter()))


@functools.cache
def corpus_graphs() -> tuple[Graph, ...]:
    if not SHARED_CORPUS.is_dir():
        return ()
    return tuple(result.graph() for result in kgraph.extract_all(whole_documents())
                 if isinstance(result, kgraph.Extraction))


def every_graph() -> Iterator[Graph]:
    yield from seed_graphs()
    yield from corpus_graphs()


def test_every_predicate_and_class_written_has_a_term_that_fits_its_values() -> None:
    """Every predicate has a term under which each of its values is a bare string, number, boolean or IRI (a
    value the term's @type or @language does not fit would need a value object); every class has a term."""
    known = terms()
    unnamed: set[str] = set()
    unfitting: dict[str, set[str]] = {}
    for graph in every_graph():
        for _, predicate, value in graph:
            if predicate == RDF.type:
                if str(value) not in known:
                    unnamed.add(f"class {value}")
                continue
            candidates = known.get(str(predicate))
            if not candidates:
                unnamed.add(f"predicate {predicate}")
            elif not any(term.fits(value) for term in candidates):
                shown = (f"{value.datatype or ''}@{value.language or ''}" if isinstance(value, Literal) else "IRI")
                unfitting.setdefault(str(predicate), set()).add(shown)
    assert sorted(unnamed) == [], "terms missing from kgraph/data/context.jsonld"
    assert unfitting == {}, f"values the context's terms do not type: {unfitting}"


def test_every_ontology_term_has_a_term_and_every_term_names_a_known_iri() -> None:
    ontology = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        ontology.parse(path, format="turtle")
    declared = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}
    declared.discard(str(KG))
    assert declared - set(terms()) == set(), "ontology terms without a short name in the context"
    for iri in terms():
        if iri.startswith(str(KG)):
            assert iri in declared, f"the context names {iri}, which the ontology does not declare"
        else:
            assert iri.startswith(STANDARD), f"the context names {iri}, of no known vocabulary"


def _value_objects(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        if "@value" in node:
            yield node
        for value in node.values():
            yield from _value_objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _value_objects(item)


def _expanded_graph(document: dict[str, Any]) -> Graph:
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return Graph().parse(data=quads, format="nt")


def _assert_same(expected: Graph, found: Graph) -> None:
    if not isomorphic(expected, found):
        _, missing, extra = graph_diff(expected, found)
        raise AssertionError(f"missing {sorted(missing)[:5]}\nextra {sorted(extra)[:5]}")


def test_framed_documents_expand_back_to_the_same_triples() -> None:
    documents = [g for g in every_graph() if (g.identifier, RDF.type, None) in g]
    assert len(documents) >= 4
    for graph in documents:
        framed = {"@context": frame_context(), **frame_document(graph)}
        _assert_same(graph, _expanded_graph(framed))
        assert "@included" not in framed, f"{graph.identifier}: nodes the document does not reach"
        assert list(_value_objects(framed)) == [], "a literal no term types (see the test above)"


def test_the_framed_document_reads_like_json() -> None:
    document = kgraph.extract(QUESTION_SEED)
    framed = frame_document(kgraph.to_graph(kgraph.link(document)))
    assert framed["type"] == "QuestionSet"
    assert framed["oral"] is False
    assert framed["dateSubmitted"] == "2025-05-22"
    questions = framed["hasPart"]["Question"]
    assert [q["number"] for q in questions] == [q.number for q in document.questions]
    assert [q["position"] for q in questions] == list(range(1, len(questions) + 1))  # native numbers, in order
    assert questions[0]["text"].startswith("Klopt het dat de toegang")
    note = framed["hasPart"]["Footnote"][0]
    assert note["citation"]["id"].startswith("https://www.binnenlandsbestuur.nl/")
    selector = questions[0]["textSpan"]["hasSelector"]
    assert isinstance(selector["start"], int) and isinstance(selector["end"], int)
    attributions = framed["qualifiedAttribution"]
    assert [a["hadRole"] for a in attributions] == ["asker"] * 3
    # Each link made is nested under what it links, with its rule and (decimal) confidence.
    links = [link for a in attributions for link in a.get("linkedBy", [])]
    assert links and all(link["type"] == "LinkAnnotation" and "linkRule" in link for link in links)
    assert all(isinstance(link["confidence"], str) for link in links)  # xsd:decimal stays exact


def test_flat_store_export_expands_back_to_the_union(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        out = io.BytesIO()
        store.export("json-ld", out)
        nt = io.BytesIO()
        store.export("nt", nt)
    union = Graph().parse(data=nt.getvalue(), format="nt")
    _assert_same(union, _expanded_graph(json.loads(out.getvalue())))


def test_export_frame_document(seed_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "documents.jsonld"
    result = CliRunner().invoke(main, ["export", "--format", "json-ld", "--frame", "document", "-o", str(output),
                                       "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    documents = [node for node in data["@graph"] if "hasPart" in node]
    assert len(documents) == 2
    with Store.open(seed_store, read_only=True) as store:
        nt = io.BytesIO()
        store.export("nt", nt)
    _assert_same(Graph().parse(data=nt.getvalue(), format="nt"), _expanded_graph(data))


def test_frame_needs_json_ld(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "turtle", "--frame", "document", "--store", str(seed_store)])
    assert result.exit_code == 2
    assert "--frame needs --format jsonld" in result.output


def test_extract_jsonld_is_one_framed_document_per_line() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--format", "jsonld", "--no-link"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, sorted(SEEDS.glob("*.txt")), strict=True):
        _assert_same(kgraph.to_graph(kgraph.extract(path)), _expanded_graph(json.loads(line)))


def test_nodes_a_document_does_not_reach_are_kept() -> None:
    graph = Graph(identifier=URIRef("https://example.org/doc"))
    graph.add((graph.identifier, RDF.type, KG.OtherDocument))
    graph.add((URIRef("https://example.org/elsewhere"), PROV.agent, BNode("b")))
    graph.add((BNode("b"), OWL.sameAs, URIRef("https://example.org/doc")))
    framed = {"@context": frame_context(), **frame_document(graph)}
    assert len(framed["@included"]) == 1
    _assert_same(graph, _expanded_graph(framed))


def test_dataset_description_has_terms_too(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        description = kgraph.describe(store)
    known = terms()
    for _, predicate, value in description:
        if predicate == RDF.type:
            assert str(value) in known, f"class {value} has no term"
        else:
            assert str(predicate) in known, f"predicate {predicate} has no term"
    dataset = Dataset()
    dataset.parse(data=json.dumps({"@context": context(), "@graph": []}), format="json-ld")  # the context parses
