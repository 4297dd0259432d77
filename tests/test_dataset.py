"""The dataset description (VoID, DCAT, SPARQL Service Description, PROV-O): its counts are the store's, every named
graph has its provenance, and the volatile facts stay out of the document graphs."""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import kgraph
from kgraph.cli import main
from kgraph.dataset import DCAT, SD, VOID
from kgraph.mint import Minter
from kgraph.store import Store
from kgraph.vocab import DCTERMS, FOAF, KG, PROV, RDF, SCHEMA

from conftest import SEEDS

DATASET = Minter().dataset()


def describe(location: Path) -> tuple[Graph, Store]:
    store = Store.open(location, read_only=True)
    return kgraph.describe(store), store


def test_counts_are_the_stores(seed_store: Path) -> None:
    description, store = describe(seed_store)
    with store:
        assert (DATASET, RDF.type, VOID.Dataset) in description and (DATASET, RDF.type, DCAT.Dataset) in description
        assert int(description.value(DATASET, VOID.triples)) == store.triple_count()
        questions = len(store.query("SELECT DISTINCT ?q WHERE { ?q a schema:Question }").rows)
        partitions = {description.value(p, VOID["class"]): int(description.value(p, VOID.entities))
                      for p in description.objects(DATASET, VOID.classPartition)}
        assert partitions[SCHEMA.Question] == questions
        vocabularies = set(description.objects(DATASET, VOID.vocabulary))
        assert {URIRef(str(KG)), URIRef("https://schema.org/"), URIRef("http://www.w3.org/ns/prov#")} <= vocabularies
        assert description.value(DATASET, DCTERMS.license) == URIRef("http://spdx.org/licenses/EUPL-1.2")
        stored = store.documents()
    named = list(description.objects(DATASET, SD.namedGraph))
    assert len(named) == len(stored)
    latest = max(doc.stored for doc in stored if doc.stored)
    assert description.value(DATASET, DCTERMS.modified) == Literal(latest, datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#dateTime"))


def test_every_graph_has_its_provenance(seed_store: Path) -> None:
    description, store = describe(seed_store)
    with store:
        stored = {doc.graph: doc for doc in store.documents()}
    for named in description.objects(DATASET, SD.namedGraph):
        name = description.value(named, SD.name)
        graph = description.value(named, SD.graph)
        doc = stored[name]
        assert description.value(graph, PROV.generatedAtTime) is not None
        activity = description.value(graph, PROV.wasGeneratedBy)
        assert str(description.value(activity, SCHEMA.softwareVersion)) == kgraph.__version__
        source = description.value(graph, PROV.wasDerivedFrom)
        assert str(description.value(source, KG.sha256)) == doc.sha256
    pages = {str(page) for page in description.objects(None, FOAF.page)}
    with Store.open(seed_store, read_only=True) as store:
        identifiers = {row[0] for row in store.query("SELECT ?id WHERE { ?d kg:sha256 ?h ; dcterms:identifier ?id }").rows}
    assert pages == {f"https://zoek.officielebekendmakingen.nl/{identifier}" for identifier in identifiers}
    names = {str(n) for n in description.objects(None, KG.fileName)}
    assert names == {path.name for path in SEEDS.glob("*.txt")}


def test_no_local_path_is_published(seed_store: Path) -> None:
    description, store = describe(seed_store)
    store.close()
    text = description.serialize(format="nt")
    assert str(SEEDS) not in text and "/tmp" not in text


def test_the_volatile_facts_stay_out_of_the_document_graphs(tmp_path: Path) -> None:
    """Two builds of the same input a second apart: the same triples, different build times in the description."""
    exports = []
    times = []
    for name in ("one", "two"):
        kgraph.build(SEEDS, tmp_path / name)
        with Store.open(tmp_path / name, read_only=True) as store:
            out = io.BytesIO()
            store.export("nq", out)
            exports.append(out.getvalue())
            times.append(kgraph.describe(store).value(DATASET, DCTERMS.modified))
        time.sleep(1.1)
    assert exports[0] == exports[1]
    assert times[0] != times[1]
    assert b"generatedAtTime" not in exports[0] and kgraph.__version__.encode() not in exports[0]


def test_an_unchanged_rebuild_keeps_the_stored_time(seed_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    with Store.open(copy, read_only=True) as store:
        before = {doc.graph: doc.stored for doc in store.documents()}
    time.sleep(1.1)
    kgraph.build(SEEDS, copy)
    with Store.open(copy, read_only=True) as store:
        assert {doc.graph: doc.stored for doc in store.documents()} == before


def test_describe_command(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["describe", "--store", str(seed_store),
                                       "--endpoint", "http://127.0.0.1:7878/query"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (DATASET, VOID.sparqlEndpoint, URIRef("http://127.0.0.1:7878/query")) in graph
    result = CliRunner().invoke(main, ["describe", "--format", "json-ld", "--store", str(seed_store)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == str(DATASET) and "@included" not in data
    pyld = pytest.importorskip("pyld", reason="pyld checks the JSON-LD")
    quads = pyld.jsonld.to_rdf(data, {"format": "application/n-quads"})
    assert len(Graph().parse(data=quads, format="nt")) == len(graph) - 1  # all but void:sparqlEndpoint
