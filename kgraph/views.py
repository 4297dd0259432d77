"""NetworkX views: projections computed from the store on demand, never a second source of truth.

Each view is a SPARQL query or two plus a little Python that folds the rows into a graph, built in sorted
order so that algorithms that depend on iteration order (community detection, shortest paths between equals)
give the same answer on every run; writing a view out is deterministic too (nodes, edges and attributes in
sorted order), so the same store gives the same file.

The views (`VIEWS`, by the name `kgraph network VIEW` takes):

- `co-askers`: members who sign question sets together (undirected, weight = question sets);
- `party-ministry`: parties and the ministries their members put questions to (bipartite, weight = question sets);
- `citations`: documents -> the pages their footnotes cite -> the pages' publishers, and documents -> the
  statutes they cite (directed);
- `qa-references`: documents -> their questions -> the answers to them -> what each question or answer cites
  (Kamerstukken, Aanhangsel publications, cases, statutes), placed by where the citation is printed (directed).

A question set is counted once however many of its documents the graph holds: documents linked to the same case
(kg:case) are one set, a document without a case is a set of its own, as in the query library.

Node ids are IRIs. Every node has `label` (what Gephi and Cytoscape show); nodes of the last three views have
`kind`, co-asker nodes `name`, `party` and `questions`. Exports colour the nodes: by party where the view has
parties (co-askers, party-ministry; the report's colour-blind-safe palette, most frequent party first, grey for
the rest), else by kind. GEXF carries the colour as `viz:color` (GEXF 1.2 viz module), GraphML as the attributes
`color` ("#0072B2") and `r`, `g`, `b` (which Gephi's GraphML importer reads), node-link JSON as `color`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

import networkx as nx

from kgraph.analysis import Ranking
from kgraph.errors import UsageError
from kgraph.store import Store
from kgraph.vocab import PREFIXES

NETWORK_FORMATS = ("graphml", "gexf", "json")

# Colours for parties (or kinds), in order of frequency: the colour-blind-safe set of Okabe and Ito, then Tol's.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#882255",
    "#44AA99", "#999933", "#AA4499", "#332288",
)
OTHER_COLOUR = "#9A9A9A"


def party_colours(parties: Sequence[str | None]) -> dict[str, str]:
    """A colour per party, the most frequent first; parties past the palette, and none, share grey.

    >>> party_colours(["VVD", "CDA", "CDA", None])
    {'CDA': '#0072B2', 'VVD': '#E69F00'}
    """
    counts = Counter(party for party in parties if party)
    ranked = sorted(counts, key=lambda party: (-counts[party], party))
    return {party: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, party in enumerate(ranked)}


def node_colours(graph: nx.Graph) -> dict[Hashable, str]:
    """The colour of every node: by party (a co-asker's `party`, a party node's `label`) where the view has
    parties, other nodes grey; by `kind` otherwise."""
    def party(data: Mapping[str, Any]) -> str | None:
        value = data.get("party") if data.get("kind") is None else data.get("label") if data.get("kind") == "party" else None
        return str(value) if value is not None else None

    nodes = sorted(graph.nodes, key=str)
    parties = {node: party(graph.nodes[node]) for node in nodes}
    if any(parties.values()):
        colours = party_colours(list(parties.values()))
        return {node: colours.get(parties[node] or "", OTHER_COLOUR) for node in nodes}
    kinds = {node: str(graph.nodes[node].get("kind", "")) or None for node in nodes}
    colours = party_colours(list(kinds.values()))
    return {node: colours.get(kinds[node] or "", OTHER_COLOUR) for node in nodes}

# One row per (question set, asker) with the name and party label printed in that document. A question set is
# its case, or the document when it has none: the question set, its postponement notices and its answers repeat
# the same header, and counting each would triple a pair's weight. GRAPH ?doc reads each document's own labels:
# in the union a person or party carries every spelling any document printed.
_CO_ASKERS = """
SELECT DISTINCT ?set ?person ?name ?party ?day WHERE {
  GRAPH ?doc {
    ?doc kg:askedBy ?person .
    OPTIONAL { ?person foaf:name ?name }
    OPTIONAL {
      ?doc prov:qualifiedAttribution ?attribution .
      ?attribution prov:agent ?person ; prov:hadRole kg:asker .
      OPTIONAL { ?attribution kg:party ?partyNode . ?partyNode skos:prefLabel ?printed }
    }
    OPTIONAL { ?doc kg:case ?case }
    OPTIONAL { ?doc dcterms:dateSubmitted|kg:questionsSubmitted ?asked }
    OPTIONAL { ?doc kg:dateReceived ?received }
  }
  # The member's party at the date, resolved across documents (kgraph.link.memberships), where the store has it.
  OPTIONAL { ?attribution kg:partyAtDate ?resolvedNode . ?resolvedNode skos:prefLabel ?resolved }
  BIND(COALESCE(?resolved, ?printed) AS ?party)
  BIND(COALESCE(STR(?asked), STR(?received)) AS ?day)
  BIND(COALESCE(?case, ?doc) AS ?set)
}
"""


def co_asker_network(store: Store) -> nx.Graph:
    """Members who sign questions together.

    Nodes are persons (id: their IRI) with `name` and `label` (the name, or the IRI when no name is printed),
    `party` (their party at the date of their latest document, resolved across documents as questions-per-member
    gives it; without dated documents the label printed most often, ties to the alphabetically first; absent when
    never printed) and `questions` (how many question sets they signed). An edge joins two persons who signed the
    same question set; `weight` counts those sets.
    """
    sets: defaultdict[str, set[str]] = defaultdict(set)  # person -> question sets
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    parties: defaultdict[str, Counter[str]] = defaultdict(Counter)
    signers: defaultdict[str, set[str]] = defaultdict(set)  # question set -> persons
    seen_name: set[tuple[str, str, str]] = set()
    seen_party: set[tuple[str, str, str]] = set()
    latest: dict[str, tuple[str, str]] = {}  # person -> (day, party) of their latest dated document
    for question_set, person, name, party, day in store.query(_CO_ASKERS).rows:
        if question_set is None or person is None:
            continue
        sets[person].add(question_set)
        signers[question_set].add(person)
        # Count each label once per question set, however many rows the OPTIONALs produced.
        if name is not None and (person, question_set, name) not in seen_name:
            seen_name.add((person, question_set, name))
            names[person][name] += 1
        if party is not None and (person, question_set, party) not in seen_party:
            seen_party.add((person, question_set, party))
            parties[person][party] += 1
        if party is not None and day is not None:
            # The latest day wins; on one day the alphabetically first party.
            known = latest.get(person)
            if known is None or day > known[0] or (day == known[0] and party < known[1]):
                latest[person] = (day, party)

    graph = nx.Graph()
    for person in sorted(sets):
        attributes: dict[str, Any] = {"questions": len(sets[person]), "label": person}
        if names[person]:
            attributes["name"] = attributes["label"] = _most_common(names[person])
        if person in latest:
            attributes["party"] = latest[person][1]
        elif parties[person]:
            attributes["party"] = _most_common(parties[person])
        graph.add_node(person, **attributes)
    weights: Counter[tuple[str, str]] = Counter()
    for persons in signers.values():
        weights.update(combinations(sorted(persons), 2))
    for (first, second), weight in sorted(weights.items()):
        graph.add_edge(first, second, weight=weight)
    return graph


def _most_common(counts: Counter[str]) -> str:
    """The most frequent label; among equals the alphabetically first.

    >>> _most_common(Counter({"VVD": 2, "CDA": 2, "D66": 1}))
    'CDA'
    """
    return min(counts, key=lambda label: (-counts[label], label))


# One row per (question set, party of one of its askers at the document's date, ministry it is addressed to).
_PARTY_MINISTRY = """
SELECT DISTINCT ?set ?party ?partyLabel ?ministry ?ministryLabel WHERE {
  ?doc prov:qualifiedAttribution ?attribution .
  ?attribution prov:hadRole kg:asker .
  # The member's party at the date where the store has it resolved (kgraph.link.memberships), else as printed.
  OPTIONAL { ?attribution kg:partyAtDate ?atDate }
  OPTIONAL { ?attribution kg:party ?printed }
  BIND(COALESCE(?atDate, ?printed) AS ?party)
  FILTER(BOUND(?party))
  ?doc kg:addressedTo ?post .
  ?post org:postIn ?ministry .
  OPTIONAL { ?party skos:prefLabel ?partyLabel }
  OPTIONAL { ?ministry skos:prefLabel ?ministryLabel }
  OPTIONAL { ?doc kg:case ?case }
  BIND(COALESCE(?case, ?doc) AS ?set)
}
"""


def party_ministry_network(store: Store) -> nx.Graph:
    """Parties and the ministries their members put questions to: a bipartite graph.

    Party nodes have `kind` "party" and `bipartite` 0, ministry nodes `kind` "ministry" and `bipartite` 1; both
    have `label` (their skos:prefLabel, the alphabetically first when the union holds several) and `questions`
    (the question sets behind their edges). An edge's `weight` counts the question sets signed by at least one
    member printed with that party and addressed (kg:addressedTo) to a post in that ministry.
    """
    labels: defaultdict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    sets: defaultdict[str, set[str]] = defaultdict(set)  # node -> question sets
    pairs: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (party, ministry) -> question sets
    for question_set, party, party_label, ministry, ministry_label in store.query(_PARTY_MINISTRY).rows:
        if question_set is None or party is None or ministry is None:
            continue
        kinds[party], kinds[ministry] = "party", "ministry"
        for node, label in ((party, party_label), (ministry, ministry_label)):
            sets[node].add(question_set)
            if label is not None:
                labels[node].add(label)
        pairs[(party, ministry)].add(question_set)
    graph = nx.Graph()
    for node in sorted(kinds, key=lambda node: (kinds[node] != "party", node)):
        graph.add_node(
            node,
            kind=kinds[node],
            bipartite=0 if kinds[node] == "party" else 1,
            label=min(labels[node], default=node),
            questions=len(sets[node]),
        )
    for (party, ministry), question_sets in sorted(pairs.items()):
        graph.add_edge(party, ministry, weight=len(question_sets))
    return graph


# Documents, labelled by their officielebekendmakingen id, else by the name of the file they were read from.
_DOCUMENTS = """
SELECT ?doc (MIN(?identifier) AS ?id) (MIN(?file) AS ?source) WHERE {
  ?doc kg:sha256 ?hash .
  OPTIONAL { ?doc dcterms:identifier ?identifier }
  OPTIONAL { ?doc kg:fileName ?file }
}
GROUP BY ?doc
"""


def _document_labels(store: Store) -> dict[str, str]:
    """Each document's label: its identifier (kv-tk-2024Z18440), else its file name, else its IRI."""
    return {doc: id_ or source or doc for doc, id_, source in store.query(_DOCUMENTS).rows if doc is not None}


_CITED_PAGES = """
SELECT DISTINCT ?doc ?page ?publisher ?publisherName WHERE {
  ?doc schema:hasPart ?note .
  ?note a kg:Footnote ; schema:citation ?page .
  OPTIONAL { ?page schema:publisher ?publisher . OPTIONAL { ?publisher schema:name ?publisherName } }
}
"""

_CITED_STATUTES = """
SELECT DISTINCT ?doc ?statute ?identifier WHERE {
  ?doc dcterms:references ?statute .
  ?statute a eli:LegalResource .
  OPTIONAL { ?statute dcterms:identifier ?identifier }
}
"""


def citation_network(store: Store) -> nx.DiGraph:
    """Documents and what they cite: a directed graph.

    Edges (`relation`, `weight` 1): document -> page ("cites", a URL in a footnote), page -> publisher
    ("publishedBy", when the linking stage found one), document -> statute ("cites", an eli:LegalResource the
    text names; a cited article counts for its statute). Nodes have `kind` (document, page, publisher, statute)
    and `label` (a document's identifier or file name, a page's URL, a publisher's name, a statute's BWB or CELEX id).
    """
    documents = _document_labels(store)
    nodes: dict[str, tuple[str, str]] = {}  # node -> (kind, label)
    edges: set[tuple[str, str, str]] = set()
    publisher_names: defaultdict[str, set[str]] = defaultdict(set)
    for doc, page, publisher, publisher_name in store.query(_CITED_PAGES).rows:
        if doc is None or page is None:
            continue
        nodes[doc] = ("document", documents.get(doc, doc))
        nodes[page] = ("page", page)
        edges.add((doc, page, "cites"))
        if publisher is not None:
            publisher_names[publisher].add(publisher_name or publisher)
            edges.add((page, publisher, "publishedBy"))
    for publisher, names in publisher_names.items():
        nodes[publisher] = ("publisher", min(names))
    for doc, statute, identifier in store.query(_CITED_STATUTES).rows:
        if doc is None or statute is None:
            continue
        nodes[doc] = ("document", documents.get(doc, doc))
        nodes[statute] = ("statute", identifier or statute)
        edges.add((doc, statute, "cites"))
    return _directed(nodes, edges)


def _directed(nodes: dict[str, tuple[str, str]], edges: set[tuple[str, str, str]]) -> nx.DiGraph:
    """A directed view from node -> (kind, label) and (source, target, relation) edges, in sorted order so the
    same store always gives the same graph and the same exported file."""
    graph = nx.DiGraph()
    for node in sorted(nodes):
        kind, label = nodes[node]
        graph.add_node(node, kind=kind, label=label)
    for source, target, relation in sorted(edges):
        graph.add_edge(source, target, relation=relation, weight=1)
    return graph


_QUESTIONS = """
SELECT ?doc ?question ?number WHERE {
  ?doc schema:hasPart ?question .
  ?question a schema:Question ; kg:number ?number .
}
"""

_ANSWERS = """
SELECT ?doc ?answer ?position ?question WHERE {
  ?doc schema:hasPart ?answer .
  ?answer a schema:Answer ; schema:position ?position ; schema:parentItem ?question .
}
"""

# Each identifying mention (oa:Annotation, motivation oa:identifying) with the question or answer whose printed
# text contains it, by the character offsets of their oa:TextPositionSelectors; ?part is unbound for a mention
# printed elsewhere (the header, a footnote, the text between the questions).
_MENTIONS = """
SELECT DISTINCT ?doc ?reference ?part WHERE {
  ?mention oa:motivatedBy oa:identifying ; oa:hasBody ?reference ; oa:hasTarget ?span .
  ?span oa:hasSource ?doc ; oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  OPTIONAL {
    ?doc schema:hasPart ?part .
    ?part kg:textSpan/oa:hasSelector ?partSelector .
    ?partSelector oa:start ?partStart ; oa:end ?partEnd .
    FILTER(?partStart <= ?start && ?end <= ?partEnd)
    FILTER EXISTS { ?part a ?partType . VALUES ?partType { schema:Question schema:Answer } }
  }
}
"""

_REFERENCES = """
SELECT DISTINCT ?reference ?type ?identifier ?local ?statute WHERE {
  ?mention oa:motivatedBy oa:identifying ; oa:hasBody ?reference .
  OPTIONAL { ?reference a ?type }
  OPTIONAL { ?reference dcterms:identifier ?identifier }
  OPTIONAL { ?reference eli:number ?number ; eli:is_part_of ?statute }
  BIND(CONCAT("artikel ", STR(?number)) AS ?local)
}
"""

_REFERENCE_KINDS = (
    (PREFIXES["kg"] + "Kamerstuk", "kamerstuk"),
    (PREFIXES["kg"] + "AanhangselPublication", "aanhangsel"),
    (PREFIXES["kg"] + "Zaak", "case"),
    (PREFIXES["eli"] + "LegalResourceSubdivision", "article"),
    (PREFIXES["eli"] + "LegalResource", "statute"),
)


def qa_reference_network(store: Store) -> nx.DiGraph:
    """Questions, their answers and what they cite: a directed graph.

    Edges (`relation`, `weight` 1): document -> question ("hasPart"), question -> answer ("answeredBy", from
    schema:parentItem), question or answer -> reference ("cites", when the citation is printed inside its text),
    document -> reference ("cites", printed elsewhere: header, footnotes), article -> statute ("partOf").
    Nodes have `kind` (document, question, answer, kamerstuk, aanhangsel, case, statute, article) and `label`
    (a document's identifier or file name; "<document> vraag 2", "<document> antwoord 1"; a reference's identifier).
    """
    documents = _document_labels(store)
    nodes: dict[str, tuple[str, str]] = {}
    edges: set[tuple[str, str, str]] = set()

    def document(doc: str) -> str:
        nodes.setdefault(doc, ("document", documents.get(doc, doc)))
        return nodes[doc][1]

    for doc, question, number in store.query(_QUESTIONS).rows:
        if doc is None or question is None:
            continue
        nodes[question] = ("question", f"{document(doc)} vraag {number}")
        edges.add((doc, question, "hasPart"))
    for doc, answer, position, question in store.query(_ANSWERS).rows:
        if doc is None or answer is None or question is None:
            continue
        nodes[answer] = ("answer", f"{document(doc)} antwoord {position}")
        nodes.setdefault(question, ("question", f"{document(doc)} vraag ?"))
        edges.add((question, answer, "answeredBy"))
    for cited, kind, label, statute in _references(store):
        nodes[cited] = (kind, label)
        if statute is not None:
            nodes.setdefault(statute, ("statute", statute))
            edges.add((cited, statute, "partOf"))
    for doc, reference, part in store.query(_MENTIONS).rows:
        if doc is None or reference is None:
            continue
        document(doc)
        place = part if part is not None and part in nodes else doc
        nodes.setdefault(reference, ("reference", reference))
        edges.add((place, reference, "cites"))
    return _directed(nodes, edges)


def _references(store: Store) -> list[tuple[str, str, str, str | None]]:
    """(reference, kind, label, statute of an article or None) for everything a document cites by identifier."""
    types: defaultdict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    statutes: dict[str, str] = {}
    for reference, kind, identifier, local, statute in store.query(_REFERENCES).rows:
        if reference is None:
            continue
        if kind is not None:
            types[reference].add(kind)
        if identifier is not None or reference not in labels:
            labels[reference] = identifier or reference
        if local is not None and statute is not None:
            statutes[reference] = statute
            labels[reference] = local
    found = []
    for reference in sorted(labels):
        kind = next((name for iri, name in _REFERENCE_KINDS if iri in types[reference]), "reference")
        found.append((reference, kind, labels[reference], statutes.get(reference)))
    return found


VIEWS: Mapping[str, Callable[[Store], nx.Graph]] = MappingProxyType(
    {
        "co-askers": co_asker_network,
        "party-ministry": party_ministry_network,
        "citations": citation_network,
        "qa-references": qa_reference_network,
    }
)


def build_view(store: Store, name: str) -> nx.Graph:
    """The view called `name` (a key of VIEWS), computed from `store`; a UsageError listing the views otherwise."""
    try:
        view = VIEWS[name]
    except KeyError:
        raise UsageError(f"no network view {name!r}; available: {', '.join(VIEWS)}") from None
    return view(store)


def network(store: Store, view: str, metric: str | None = None) -> nx.Graph:
    """The view called `view` of `store` (what `kgraph network VIEW` exports); with `metric` (degree, pagerank,
    betweenness, communities) also each node's score as a node attribute."""
    graph = build_view(store, view)
    if metric is not None:
        from kgraph.analysis import annotate

        annotate(graph, metric)
    return graph


def co_asker_path(store: Store, source: str, target: str) -> Ranking | None:
    """The shortest co-asker path between two members (a full name, a surname or an IRI each), step by step with
    the question sets each pair shares; None when no path joins them. A name that fits several members or none
    is a UsageError naming the candidates."""
    from kgraph.analysis import find_node, path_ranking, shortest_path

    graph = co_asker_network(store)
    path = shortest_path(graph, find_node(graph, source), find_node(graph, target))
    return None if path is None else path_ranking(graph, path)


def network_format(path: Path | None) -> str:
    """The export format a file name asks for by its extension (.graphml, .gexf, .json); graphml for stdout.

    >>> network_format(Path("co-askers.gexf"))
    'gexf'
    """
    if path is None or str(path) == "-":
        return "graphml"
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in NETWORK_FORMATS:
        raise UsageError(f"{path}: cannot tell the format from the extension; give --format ({', '.join(NETWORK_FORMATS)})")
    return suffix


def write_network(graph: nx.Graph, fmt: str, out: BinaryIO) -> None:
    """Write `graph` as GraphML, GEXF or node-link JSON, with nodes, edges and attributes in sorted order."""
    if fmt not in NETWORK_FORMATS:
        raise UsageError(f"unknown network format {fmt!r}; available: {', '.join(NETWORK_FORMATS)}")
    ordered = _sorted_copy(graph)
    for node, colour in node_colours(ordered).items():
        data = ordered.nodes[node]
        data.setdefault("label", str(node))
        red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        if fmt == "gexf":
            # networkx writes a node's "viz" as the GEXF viz module's elements; its `label` as the node's label.
            data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        else:
            data["color"] = colour
        if fmt == "graphml":
            data.update(r=red, g=green, b=blue)
    if fmt == "graphml":
        nx.write_graphml(ordered, out, encoding="utf-8")
    elif fmt == "gexf":
        _write_gexf(ordered, out)
    else:
        # "links" is the key node_link_data wrote until networkx 3.4 and older readers expect; networkx 3.6
        # reads it with node_link_graph(data, edges="links").
        data = nx.node_link_data(ordered, edges="links")
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n")


def _sorted_copy(graph: nx.Graph) -> nx.Graph:
    """The same graph with nodes, edges (each as (smaller, larger) for undirected graphs) and attributes sorted."""
    ordered = graph.__class__()
    ordered.graph.update(sorted(graph.graph.items()))
    for node in sorted(graph.nodes, key=str):
        ordered.add_node(node, **dict(sorted(graph.nodes[node].items())))
    edges = []
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed() and str(v) < str(u):
            u, v = v, u
        edges.append((u, v, data))
    for u, v, data in sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1]))):
        ordered.add_edge(u, v, **dict(sorted(data.items())))
    return ordered


def _write_gexf(graph: nx.Graph, out: BinaryIO) -> None:
    # networkx stamps GEXF files with today's date (meta/@lastmodifieddate, optional in GEXF 1.2): drop it, so
    # the same store gives the same bytes on any day.
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    writer.write(out)
