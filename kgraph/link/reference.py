"""The reference graph: what the linking tables know, as nodes the documents' links point to.

- ministries (`kg:Ministry`) with their full names and abbreviations;
- renames, merges and splits of ministries, and splits of fractions, as W3C ORG change events
  (https://www.w3.org/TR/vocab-org/#org:ChangeEvent);
- parties and fractions (`kg:PoliticalParty`) with the labels they are printed with, and the parties a joint
  fraction is made of (`kg:composedOf`).

It is one named graph in the store, rebuilt from the shipped tables, so it changes only when they do.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef

from kgraph.extract.portfolios import canonical_portfolio
from kgraph.link.ministries import changes, portfolios_of
from kgraph.link.parties import parties
from kgraph.link.tables import rows, split
from kgraph.mint import Minter
from kgraph.vocab import KG, ORG, PROV, RDF, SKOS, XSD, bind_prefixes


def reference_graph(minter: Minter) -> Graph:
    """All reference nodes, in a graph named `Minter.reference()`.

    >>> g = reference_graph(Minter())
    >>> from kgraph.vocab import KG, RDF
    >>> (Minter().ministry("Economische Zaken en Klimaat"), RDF.type, KG.Ministry) in g
    True
    """
    graph = bind_prefixes(Graph(identifier=minter.reference(), bind_namespaces="none"))
    _ministries(graph, minter)
    _parties(graph, minter)
    return graph


def _ministry(graph: Graph, minter: Minter, name: str) -> URIRef:
    node = minter.ministry(name)
    graph.add((node, RDF.type, KG.Ministry))
    graph.add((node, SKOS.prefLabel, Literal(name, lang="nl")))
    return node


def _ministries(graph: Graph, minter: Minter) -> None:
    for row in rows("portfolios.csv", ("portfolio", "kind")):
        if row["kind"] != "ministry":
            continue
        node = _ministry(graph, minter, row["portfolio"])
        for abbreviation in split(row["abbreviations"]):
            graph.add((node, SKOS.altLabel, Literal(abbreviation, lang="nl")))
        for portfolio in portfolios_of(row["portfolio"]):
            graph.add((node, KG.coversPortfolio, Literal(portfolio, lang="nl")))
    for change in changes():
        event = minter.change(change.date.isoformat(), change.before[0])
        graph.add((event, RDF.type, ORG.ChangeEvent))
        # W3C ORG §6 dates a change event as a prov:Activity, with prov:startedAtTime (an xsd:dateTime): the start
        # of the day it took effect, in local time (the tables give dates only).
        started = dt.datetime.combine(change.date, dt.time())
        graph.add((event, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
        for name in change.before:
            graph.add((event, ORG.originalOrganization, _ministry(graph, minter, canonical_portfolio(name))))
        for name in change.after:
            graph.add((event, ORG.resultingOrganization, _ministry(graph, minter, canonical_portfolio(name))))


def _parties(graph: Graph, minter: Minter) -> None:
    labels = {row["name"]: split(row["variants"]) for row in rows("parties.csv", ("name",))}
    for party in parties().values():
        node = minter.party(party.name)
        graph.add((node, RDF.type, KG.PoliticalParty))
        graph.add((node, SKOS.prefLabel, Literal(party.name, lang="nl")))
        for label in labels[party.name]:
            graph.add((node, SKOS.altLabel, Literal(label, lang="nl")))
        for member in party.composed_of:
            graph.add((node, KG.composedOf, minter.party(member)))
        if party.split_from:
            event = minter.change("split", party.name)
            graph.add((event, RDF.type, ORG.ChangeEvent))
            graph.add((event, ORG.originalOrganization, minter.party(party.split_from)))
            graph.add((event, ORG.resultingOrganization, node))
