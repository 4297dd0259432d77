"""ontology/kgraph.ttl is OWL 2 DL, and the shapes hold with its axioms loaded beside the data.

Two OWL tools check it, both from owlready2 (a test extra; PyPI), which ships HermiT with the OWL API inside:
- the OWL API's OWL 2 DL profile checker (`tests/owl/OwlDlProfile.java`, run by Java's source launcher): every
  entity declared, no illegal punning, only OWL 2 constructs;
- HermiT, through owlready2: the ontology is consistent and every class satisfiable. HermiT is also what refuses
  datatypes outside the OWL 2 datatype map, such as xsd:date (the profile checker of OWL API 3 lets it pass).
Both need Java (Debian's default-jre-headless for HermiT, a JDK for the source launcher); without it, or without
owlready2, the tests skip and say what is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import SEEDS
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.resources import ontology_dir
from kgraph.validate import validate_graph

PROFILE_CHECK = Path(__file__).parent / "owl" / "OwlDlProfile.java"


def ontology() -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def rdf_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ontology as RDF/XML, which both tools read."""
    path = tmp_path_factory.mktemp("owl") / "kgraph.owl"
    ontology().serialize(path, format="xml")
    return path


def _hermit_jar() -> Path:
    if importlib.util.find_spec("owlready2") is None:
        pytest.skip("owlready2 is not installed (pip install -e '.[test]'): no OWL reasoner to check the ontology with")
    if shutil.which("java") is None:
        pytest.skip("no Java on this machine (apt-get install default-jre-headless): HermiT cannot run")
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    if not jar.is_file():
        pytest.skip(f"owlready2 ships no HermiT.jar at {jar}")
    return jar


def test_ontology_is_in_the_owl2_dl_profile(rdf_xml: Path) -> None:
    jar = _hermit_jar()
    run = subprocess.run(
        ["java", "-cp", str(jar), str(PROFILE_CHECK), str(rdf_xml)], capture_output=True, text=True, timeout=300
    )
    if run.returncode != 0 and "IN PROFILE" not in run.stdout:
        if "compiler" in run.stderr.lower() or "source" in run.stderr.lower() and "launcher" in run.stderr.lower():
            pytest.skip(f"this Java cannot run a source file (it needs a JDK): {run.stderr.strip()[:300]}")
        pytest.fail(f"the OWL API profile check did not run:\n{run.stderr}")
    lines = run.stdout.strip().splitlines()
    assert lines[-1] == "IN PROFILE", "\n".join(lines)


def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(rdf_xml: Path) -> None:
    _hermit_jar()
    import owlready2

    world = owlready2.World()
    world.get_ontology(rdf_xml.as_uri()).load()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail("HermiT: the ontology is inconsistent")
    except owlready2.OwlReadyJavaError as error:  # e.g. a datatype outside the OWL 2 datatype map
        pytest.fail(f"HermiT refused the ontology: {str(error)[:1500]}")
    assert list(world.inconsistent_classes()) == []


def test_graphs_conform_with_the_ontology_loaded() -> None:
    """SHACL follows rdfs:subClassOf in the data graph: with the ontology's axioms beside the data, every target
    still means what it says (kg:LinkAnnotation and kg:Mention are both oa:Annotation, kg:QuestionSet a
    kg:ParliamentaryDocument, ...). The seeds as `kgraph build` maps them, and the reference graph."""
    from kgraph.build import Failed, process
    from kgraph.link.stage import Linker
    from kgraph.read import discover

    linker = Linker.load(Minter())
    axioms = ontology()
    graphs = [reference_graph(Minter())]
    for path in discover([SEEDS]):
        result = process(path, linker)
        assert not isinstance(result, Failed), result
        graphs.append(result.graph)
    for graph in graphs:
        report = validate_graph(graph + axioms)
        assert report.conforms, report.text()
