"""Check JSON-LD against the schema.org vocabulary file: types, domains and ranges.

A property is valid on a node when one of its ``schema:domainIncludes`` is the node's type or a
type it inherits from (``rdfs:subClassOf``); a nested node's type must likewise fall under one
of the property's ``schema:rangeIncludes``, and a plain value needs a data type in the range.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean"}


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [str(item["@id"]).removeprefix("schema:") for item in items]


class Vocabulary:
    def __init__(self, path: Path) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.nodes = {str(n["@id"]).removeprefix("schema:"): n for n in graph}

    def is_class(self, name: str) -> bool:
        node = self.nodes.get(name)
        types = node.get("@type", []) if node else []
        return "rdfs:Class" in (types if isinstance(types, list) else [types])

    @cached_property
    def _parents(self) -> dict[str, list[str]]:
        return {name: _ids(node.get("rdfs:subClassOf")) for name, node in self.nodes.items()}

    def ancestors(self, name: str) -> set[str]:
        """Return the type and every type it inherits from."""
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self._parents.get(current, []))
        return seen

    def domains(self, prop: str) -> set[str]:
        return set(_ids(self.nodes[prop].get("schema:domainIncludes")))

    def ranges(self, prop: str) -> set[str]:
        return set(_ids(self.nodes[prop].get("schema:rangeIncludes")))

    def problems(self, node: dict[str, Any], where: str = "") -> Iterator[str]:
        """Yield every way ``node`` (and the nodes inside it) breaks the vocabulary."""
        kind = str(node.get("@type", ""))
        if not self.is_class(kind):
            yield f"{where or 'root'}: @type {kind!r} is not a schema.org type"
            return
        lineage = self.ancestors(kind)
        for prop, value in node.items():
            if prop.startswith("@"):
                continue
            path = f"{where}.{prop}" if where else f"{kind}.{prop}"
            if prop not in self.nodes:
                yield f"{path}: not a schema.org property"
                continue
            if not self.domains(prop) & lineage:
                yield f"{path}: not a property of {kind} (domain {sorted(self.domains(prop))})"
            ranges = self.ranges(prop)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    inner = str(item.get("@type", ""))
                    if not self.ancestors(inner) & ranges:
                        yield f"{path}: a {inner} where {sorted(ranges)} is expected"
                    yield from self.problems(item, path)
                elif not any(self.ancestors(r) & DATA_TYPES for r in ranges):
                    yield f"{path}: a plain value where {sorted(ranges)} is expected"
