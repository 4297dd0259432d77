"""The query page of `kgraph serve` (`/`): Oxigraph's YASGUI, set up for kgraph.

Oxigraph's server ships YASGUI (https://docs.triply.cc/yasgui/) as `/yasgui.min.js` and `/yasgui.min.css`, with a
page at `/` that points it at `/sparql` (which the gate does not pass) and knows none of kgraph's prefixes. The
gate serves this page instead. It loads the same two files from the same server, and:

- sends queries to `/query`, the only endpoint in its list;
- starts a new tab with kgraph's prefixes (`kgraph.vocab.PREFIXES`) as PREFIX lines and a first query, and
  completes a prefix after `PREFIX` from the same list;
- offers the named queries of `kgraph query --name` (`kgraph.library`) as examples: a button each, opening the
  query, its parameters bound to their defaults, in a tab of its own (`/#example=NAME` opens one on load);
- contacts no other address: YASQE would fetch prefix completions from prefix.cc and class and property
  completions from Linked Open Vocabularies (lov.linkeddata.es); the page gives it the prefixes as a `data:`
  address and leaves the other two completers out. Its tabs are kept in the browser under a name of its own, so
  a tab saved by Oxigraph's own page (pointing at `/sparql`) does not come back.

>>> page = query_page("https://w3id.org/kgraph/id/").decode("utf-8")
>>> "/yasgui.min.js" in page and "answer-time" in page and '"kg": "https://w3id.org/kgraph/def#"' in page
True
"""

from __future__ import annotations

import html
import json

from kgraph.library import library
from kgraph.vocab import PREFIXES

__all__ = ["FIRST_QUERY", "query_page"]

FIRST_QUERY = """\
# Members who asked questions, by name. Each IRI under the base has a page of its own on this server:
# replace the base with /id/ (https://w3id.org/kgraph/id/person/… is /id/person/… here).
SELECT ?person ?name (COUNT(DISTINCT ?questions) AS ?questionSets) WHERE {
  ?questions kg:askedBy ?person .
  ?person foaf:name ?name .
}
GROUP BY ?person ?name
ORDER BY DESC(?questionSets) ?name
LIMIT 100
"""

_STYLE = """
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { padding: .6rem 1rem .4rem; border-bottom: 1px solid #8884; }
h1 { font-size: 1.15rem; margin: 0 0 .2rem; }
header p { margin: .15rem 0; color: #555; font-size: .85rem; overflow-wrap: anywhere; }
code { font: .85em ui-monospace, Menlo, Consolas, monospace; }
nav { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin-top: .35rem; font-size: .85rem; }
nav button { font: inherit; padding: .1rem .5rem; border: 1px solid #8886; border-radius: .3rem; background: #8881;
  cursor: pointer; }
#yasgui { padding: 0 .5rem; }
"""

_SCRIPT = """
(function () {
  var config = JSON.parse(document.getElementById("kgraph-config").textContent);
  // /#example=NAME opens a named query: a link to an example. Read before YASGUI starts, which resets the hash.
  var asked = /^#example=([a-z0-9-]+)$/.exec(window.location.hash);
  var endpoint = new URL("/query", window.location.href).href;
  // YASQE's defaults are YASGUI's: no class or property completion (it asks an outside service), prefixes from
  // kgraph's list, given as a data: address so nothing is fetched from elsewhere.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = "data:application/json," + encodeURIComponent(JSON.stringify(config.prefixes));
  Yasgui.Yasqe.defaults.value = config.query;
  Yasgui.Yasqe.defaults.collapsePrefixesOnLoad = true;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint },
    copyEndpointOnNewTab: false,
    persistenceId: "kgraph-query-page",
    tabName: "Query",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] }
  });
  window.kgraphYasgui = yasgui;
  function open(example) {
    yasgui.addTab(true, { name: example.name, yasqe: { value: example.query } }, { avoidDuplicateTabs: true });
  }
  document.querySelectorAll("#examples button").forEach(function (button) {
    button.addEventListener("click", function () {
      open(config.examples[Number(button.getAttribute("data-example"))]);
    });
  });
  config.examples.forEach(function (example) {
    if (asked && asked[1] === example.name) { open(example); }
  });
})();
"""


def query_page(base: str) -> bytes:
    """The page, for a store whose minted IRIs are under `base`."""
    examples = [{"name": query.name, "description": query.description, "query": query.bound({})}
                for query in library().values()]
    prefix_lines = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    config = {"prefixes": dict(PREFIXES), "query": prefix_lines + "\n" + FIRST_QUERY.replace(
        "https://w3id.org/kgraph/id/", base), "examples": examples}
    # Inside <script>, "</script>" or "<!--" would end or change it: no "<" at all in the JSON.
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    buttons = "".join(
        f'<button type="button" data-example="{number}" title="{html.escape(example["description"])}">'
        f"{html.escape(example['name'])}</button>"
        for number, example in enumerate(examples)
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kgraph · SPARQL query page</title>
<link href="/yasgui.min.css" rel="stylesheet" type="text/css">
<script src="/yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="/logo.svg">
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>kgraph SPARQL endpoint</h1>
<p>Queries go to <code>/query</code> (SPARQL 1.1 Protocol; the default graph is the union of the documents). Every IRI
under <code>{html.escape(base)}</code> has a page here: <code>/id/</code> and the rest of the IRI.</p>
<nav id="examples" aria-label="Example queries"><span>Named queries:</span>{buttons}</nav>
</header>
<div id="yasgui"></div>
<script id="kgraph-config" type="application/json">{data}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")
