"""Find people, organisations and places without a statistical model.

Why no model: the usable NER packages (spaCy, flair, stanza) fetch their weights from outside
PyPI at run time, which our machines cannot do and which would make the service depend on a
download. Instead: capitalised word runs, split at titles ("President", "Ayatollah") and
possessives, labelled by a small shipped gazetteer (``data/gazetteer.json``: countries, major
cities and regions, well-known organisations, organisation head words such as "Agency",
titles, demonyms) and by shape (a title before it or two capitalised words make a person; a
surname seen earlier in the article as part of a full name is that person again).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claims.extraction import wordlists
from claims.extraction.types import Entity

_GAZETTEER_PATH = Path(__file__).with_name("data") / "gazetteer.json"
_CAPITALISED = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w&-]*(?:[’']s\b)?)"
_CONNECTOR = r"(?:\s+(?:of|for|de|del|al|bin|van|von|the)\s+|\s+)"
_CHUNK = re.compile(rf"{_CAPITALISED}(?:{_CONNECTOR}{_CAPITALISED})*")
_SPLIT_TOKENS = re.compile(r"\S+")
# Capitalised only because they open a sentence: never the start of a name.
_STARTERS = wordlists.words("sentence_starters")
_MONTHS_AND_DAYS = wordlists.words("months_and_days")
# All-caps words that name a thing, not a body: "GDP", "CEO", "HIMARS".
_COMMON_ACRONYMS = wordlists.words("not_organisation_acronyms")


@dataclass(frozen=True)
class Gazetteer:
    """The shipped lists, lower-cased for lookup."""

    places: frozenset[str]
    organisations: frozenset[str]
    organisation_words: frozenset[str]
    titles: frozenset[str]
    demonyms: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once."""
    raw = json.loads(_GAZETTEER_PATH.read_text(encoding="utf-8"))
    return Gazetteer(
        places=frozenset(p.lower() for p in raw["places"]),
        organisations=frozenset(o.lower() for o in raw["organisations"]),
        organisation_words=frozenset(w.lower() for w in raw["organisation_words"]),
        titles=frozenset(t.lower().rstrip(".") for t in raw["titles"]),
        demonyms={k.lower(): v for k, v in raw["demonyms"].items()},
    )


@dataclass
class EntityFinder:
    """Find entities sentence by sentence, remembering the people named so far."""

    known_people: dict[str, str] = field(default_factory=dict)  # surname -> full name

    def find(self, text: str, offset: int = 0) -> tuple[Entity, ...]:
        """Return the entities of sentence ``text``; offsets are shifted by ``offset``."""
        entities: list[Entity] = []
        for chunk in _CHUNK.finditer(text):
            tokens = [
                (m.start() + chunk.start(), m.end() + chunk.start())
                for m in _SPLIT_TOKENS.finditer(chunk.group())
            ]
            at_start = not text[: chunk.start()].strip(" \"“‘'(")
            if at_start and text[tokens[0][0] : tokens[0][1]].lower() in _STARTERS:
                tokens = tokens[1:]
            for part, after_title in _parts(text, tokens):
                entity = self._label(
                    text, part, after_title, single_at_start=at_start and part[0] == tokens[0]
                )
                if entity is not None:
                    entities.append(
                        Entity(entity[0], entity[1], offset + entity[2], offset + entity[3])
                    )
        return tuple(entities)

    def _label(
        self, text: str, part: list[tuple[int, int]], after_title: bool, *, single_at_start: bool
    ) -> tuple[str, str, int, int] | None:
        gaz = gazetteer()
        start, end = part[0][0], part[-1][1]
        name = text[start:end]
        if name.endswith(("’s", "'s")):
            name, end = name[:-2], end - 2
        key = name.lower()
        words = key.split()
        if key.rstrip(".") in _MONTHS_AND_DAYS or key in gaz.demonyms or key in gaz.titles:
            return None
        if key in gaz.places:
            return name, "place", start, end
        if key in gaz.organisations or words[-1] in gaz.organisation_words:
            return name, "organisation", start, end
        if len(words) > 2 and words[0] in gaz.organisation_words and words[1] in ("of", "for"):
            return name, "organisation", start, end  # "Ministry of Health", "Office for ..."
        if "war" in words or re.search(r"\b[IVX]+$", name):
            return name, "other", start, end  # "World War II", "Louis XIV": events and eras
        if after_title or (len(words) in (2, 3, 4) and not name.isupper()):
            self.known_people[words[-1]] = name
            return name, "person", start, end
        if key in self.known_people:
            return name, "person", start, end
        if re.fullmatch(r"[A-Z]{2,6}", name):
            return None if name in _COMMON_ACRONYMS else (name, "organisation", start, end)
        if single_at_start and len(words) == 1:
            return None  # a capitalised first word is usually just a first word
        return name, "other", start, end


def _parts(text: str, tokens: list[tuple[int, int]]) -> list[tuple[list[tuple[int, int]], bool]]:
    """Cut a run of capitalised tokens at titles, demonyms and possessives."""
    gaz = gazetteer()
    parts: list[tuple[list[tuple[int, int]], bool]] = []
    current: list[tuple[int, int]] = []
    after_title = False
    i = 0
    while i < len(tokens):
        word = text[tokens[i][0] : tokens[i][1]]
        lowered = word.lower().rstrip(".")
        title_len = _title_length(text, tokens, i, gaz.titles)
        rest = text[tokens[i][0] : tokens[-1][1]].lower()
        if (
            rest in gaz.organisations
            or rest in gaz.places
            or rest.split()[-1] in gaz.organisation_words
        ):
            title_len = 0  # "European Commission", "Prime Minister's Office": one name
            if not current:
                parts.append((tokens[i:], after_title))
                return _named(text, parts)
        if title_len or lowered in gaz.demonyms:
            if current:
                parts.append((current, after_title))
            current, after_title = [], bool(title_len) or after_title
            i += title_len or 1
            continue
        current.append(tokens[i])
        if word.endswith(("’s", "'s")):
            parts.append((current, after_title))
            current, after_title = [], False
        i += 1
    if current:
        parts.append((current, after_title))
    return _named(text, parts)


def _named(
    text: str, parts: list[tuple[list[tuple[int, int]], bool]]
) -> list[tuple[list[tuple[int, int]], bool]]:
    return [(p, t) for p, t in parts if text[p[0][0] : p[-1][1]].lower() not in _STARTERS]


def _title_length(text: str, tokens: list[tuple[int, int]], i: int, titles: frozenset[str]) -> int:
    for length in (3, 2, 1):
        if i + length <= len(tokens):
            phrase = text[tokens[i][0] : tokens[i + length - 1][1]].lower().rstrip(".")
            if phrase in titles:
                return length
    return 0


def speaker_kind(name: str) -> str:
    """Return "organisation" or "person" for a speaker's name, as the extractor labels it.

    A place that speaks ("Moscow dismissed...") speaks through its government, so it is an
    organisation; a name the gazetteer does not know is a person.
    """
    found = EntityFinder().find(name)
    if len(found) == 1 and found[0].label in ("organisation", "place"):
        return "organisation"
    return "person"
