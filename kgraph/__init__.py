"""kgraph: a knowledge graph of Dutch parliamentary written questions (Kamervragen) and their answers.

The public verbs, imported on first use so that `import kgraph` stays fast:

    read(path) -> SourceText                      text and layout hints of one file
    extract(source_or_path) -> Document           the typed record
    link(document) -> LinkedDocument              people, parties, posts, ministries, case, cited pages
    to_graph(linked_or_document) -> rdflib.Graph  the document's triples
    to_record(linked_or_document) -> dict         the JSON record
    validate(graph | store | path) -> ValidationReport
    build(paths, store) -> BuildSummary           all of the above into a store, one named graph per document
    Store.open(path)                              the store: .query(sparql), .export(format, file)
    describe(store) -> rdflib.Graph               the VoID / DCAT description of a store
    write_tables(store, path, format)             one CSV file or SQLite table per entity

>>> import kgraph
>>> kgraph.extract("seeds/002_306e882e6c2994f3.txt").title
'het bericht ‘Wake-up call: Microsoft sluit e-mail ICC zonder pardon af’'

Five verbs share their names with the modules that do the work (`kgraph.read`, `kgraph.extract`, `kgraph.link`,
`kgraph.build`, `kgraph.validate`). `kgraph.<verb>` is always the verb; the modules stay importable by their
full names (`from kgraph.extract import patterns`), which is how the package itself imports them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.api import Extraction, build, extract, extract_all, link, read, to_graph, to_record, validate
    from kgraph.build import BuildSummary, Failed
    from kgraph.link.model import LinkedDocument
    from kgraph.dataset import describe
    from kgraph.errors import KgraphError
    from kgraph.model import Document, SourceText
    from kgraph.results import QueryResult
    from kgraph.store import Store
    from kgraph.tables import write_tables
    from kgraph.validate import ValidationReport

    __version__: str

__all__ = [
    "BuildSummary",
    "Document",
    "Extraction",
    "Failed",
    "KgraphError",
    "LinkedDocument",
    "QueryResult",
    "SourceText",
    "Store",
    "ValidationReport",
    "__version__",
    "build",
    "describe",
    "extract",
    "extract_all",
    "link",
    "read",
    "to_graph",
    "to_record",
    "validate",
    "write_tables",
]

# name -> the module that defines it.
_EXPORTS = {
    "read": "kgraph.api",
    "extract": "kgraph.api",
    "extract_all": "kgraph.api",
    "link": "kgraph.api",
    "to_graph": "kgraph.api",
    "to_record": "kgraph.api",
    "validate": "kgraph.api",
    "build": "kgraph.api",
    "Extraction": "kgraph.api",
    "BuildSummary": "kgraph.build",
    "Failed": "kgraph.build",
    "describe": "kgraph.dataset",
    "KgraphError": "kgraph.errors",
    "LinkedDocument": "kgraph.link.model",
    "Document": "kgraph.model",
    "SourceText": "kgraph.model",
    "QueryResult": "kgraph.results",
    "Store": "kgraph.store",
    "write_tables": "kgraph.tables",
    "ValidationReport": "kgraph.validate",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kgraph")
        except PackageNotFoundError:  # run from a source tree that was never installed
            return "0+unknown"
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kgraph' has no attribute {name!r}; available: {', '.join(__all__)}")
    value = getattr(importlib.import_module(module), name)
    if name not in _VERBS:
        globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# The verbs named like modules: never cached in the namespace, and never replaced by the module of that name.
_VERBS = frozenset({"read", "extract", "link", "build", "validate"})


class _Package(types.ModuleType):
    """The kgraph module, which keeps `kgraph.extract` the verb after `kgraph.extract` the module is imported.

    Importing a submodule sets it as an attribute of its package (importlib's `_find_and_load_unlocked`); for the
    five verbs that share a module's name that would turn `kgraph.extract(...)` into calling a module. The module
    stays in `sys.modules`, where `import kgraph.extract.patterns` and `from kgraph.extract import …` find it.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _VERBS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
