"""People's names as printed: the damage text extraction does to them, undone.

The grammar that finds askers, answerers and their posts is in `kgraph.extract.header`.
"""

from __future__ import annotations

import re


# PDF extraction glues words: "DaniëlleJansen", "Inge vanDijk". A lower-case letter followed by a capital
# inside a name is a lost space (Dutch surnames do not capitalise mid-word).
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")


def repair_name(name: str) -> str:
    """A printed name with extraction damage undone.

    >>> repair_name("DaniëlleJansen")
    'Daniëlle Jansen'
    >>> repair_name("Inge vanDijk")
    'Inge van Dijk'
    >>> repair_name("Faber-van de Klashorst")
    'Faber-van de Klashorst'
    """
    return " ".join(_GLUED.sub(" ", name).split())
