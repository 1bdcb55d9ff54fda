"""Give a candidate claim its type and, for quotes, its speaker.

Plain rules, checked in a fixed order so that a sentence gets the most useful label for a
reviewer: a quote first (it needs a source), then policy, prediction, comparison, causal, and
a bare figure last.
"""

from __future__ import annotations

import re

from claims.extraction.entities import gazetteer
from claims.extraction.types import Entity, Number

_QUOTE = re.compile(r"[“\"«]([^”\"»]{3,})[”\"»]")
_SPEECH_VERB = (
    r"said|says|told|tells|added|stated|claimed|claims|warned|warns|noted|notes|argued|argues|"
    r"insisted|wrote|declared|announced|admitted|explained|asserted|dismissed|described|"
    r"called|claiming|saying|suggested|suggests|according\s+to"
)
_SPEECH = re.compile(rf"\b({_SPEECH_VERB})\b", re.IGNORECASE)
_POLICY = re.compile(
    r"\b(bill|law|laws|legislation|legislative|sanction(s|ed)?|tariffs?|regulations?|regulator|"
    r"court|ruling|ruled|treaty|decree|ban(s|ned)?|vetoe?d?|ratif\w+|constitution\w*|"
    r"policy|policies|taxe?s?|subsid\w+|propos(ed|ing|al)|parliament|senate|congress|"
    r"annex(ed|ation)?|join(ed|ing)?\s+nato|agreement)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(will|won't|shall|going\s+to|expect(s|ed)?\s+to|expect(s|ed)?|forecasts?|predict\w*|"
    r"projected|likely\s+to|set\s+to|next\s+(year|month|week|summer|winter|spring|autumn)|"
    r"by\s+20\d\d|in\s+the\s+coming)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(than|compared\s+(with|to)|surpass\w*|outnumber\w*|exceed\w*|largest|smallest|highest|"
    r"lowest|biggest|fastest|slowest|most|least|twice|double[ds]?|tripled?|half\s+as|"
    r"record|as\s+\w+\s+as)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(because|due\s+to|caused?|causing|led\s+to|leads?\s+to|result(ed|s)?\s+in|as\s+a\s+result|"
    r"owing\s+to|thanks\s+to|pushed|drove|driven\s+by|triggered|therefore|explains?|"
    r"blamed?)\b",
    re.IGNORECASE,
)
_SPEAKER_LABELS = ("person", "organisation")


def claim_type(text: str, numbers: tuple[Number, ...], is_quote: bool) -> str:
    """Return one of ``CLAIM_TYPES`` for a sentence."""
    if is_quote or re.search(r"\baccording\s+to\b", text, re.IGNORECASE):
        return "attribution"
    if _POLICY.search(text):
        return "policy"
    if _PREDICTION.search(text):
        return "prediction"
    if _COMPARISON.search(text):
        return "comparison"
    if _CAUSAL.search(text):
        return "causal"
    if any(n.unit not in ("year", "date") for n in numbers):
        return "statistic"
    return "other"


def quote_speaker(
    text: str, entities: tuple[Entity, ...], offset: int, previous: tuple[Entity, ...] = ()
) -> tuple[bool, str]:
    """Return whether ``text`` quotes someone and who ("" when the speaker is unnamed).

    A quotation needs a speech verb or a single named person to count as attributed; scare
    quotes around a phrase ("all the cards") are not quotes. The speaker is a name: a person or
    organisation named in the sentence, or, when the sentence only says "she said" or "a council
    spokesperson said", the one named in the sentence before (``previous``, its entities).
    A bare head word ("Council", "Ministry") names no one, so it is never the speaker.
    """
    if not _QUOTE.search(text):
        return False, ""
    # A possessive ("Trump's overtures") names whose thing it is, not who is speaking.
    candidates = [
        e
        for e in entities
        if not _inside_quote(text, e, offset)
        and not _possessive(text, e, offset)
        and not _bare_head_word(e)
    ]
    speech = _SPEECH.search(text)
    if speech:
        for entity in candidates:
            if _next_to_verb(text, entity, offset, speech):
                return True, entity.text
    people = [e for e in candidates if e.label == "person"]
    if len({p.text for p in people}) == 1:
        return True, people[0].text
    if not speech:
        return False, ""
    return True, _named_before(_attribution_words(text), previous)


def _bare_head_word(entity: Entity) -> bool:
    words = entity.text.lower().split()
    return len(words) == 1 and words[0] in _organisation_words()


def _organisation_words() -> frozenset[str]:
    return gazetteer().organisation_words


# Who speaks when the sentence does not name them: a pronoun or a role stands for someone
# named just before. These say which kind of name to look for.
_PERSON_WORDS = frozenset({"he", "she", "him", "her", "his"})
_ORGANISATION_WORDS = frozenset(
    {"it", "its", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "official",
     "officials", "statement", "representative", "government", "department", "ministry"}
)  # fmt: skip
_ATTRIBUTION_WINDOW = 4  # words either side of the speech verb, outside the quotation


def _attribution_words(text: str) -> list[str]:
    """Return the words around the speech verb outside the quotation, lower-cased."""
    outside = _QUOTE.sub(" , ", text)
    verb = _SPEECH.search(outside)
    if verb is None:
        return []
    before = re.findall(r"[\w’'-]+|,", outside[: verb.start()])
    after = re.findall(r"[\w’'-]+|,", outside[verb.end() :])
    # The phrase stops at a comma: "..., she said, adding that ..." names only "she".
    near_before = before[-_ATTRIBUTION_WINDOW:]
    if "," in near_before:
        near_before = near_before[len(near_before) - near_before[::-1].index(",") :]
    near_after = after[:_ATTRIBUTION_WINDOW]
    if "," in near_after:
        near_after = near_after[: near_after.index(",")]
    return [w.lower() for w in near_before + near_after]


def _named_before(words: list[str], previous: tuple[Entity, ...]) -> str:
    """Return who the attribution ("she said", "the council said") refers to, or ""."""
    people = list(dict.fromkeys(e.text for e in previous if e.label == "person"))
    organisations = list(
        dict.fromkeys(
            e.text for e in previous if e.label == "organisation" and not _bare_head_word(e)
        )
    )
    # "the council said" after "Bristol City Council voted...": the organisation of that kind.
    heads = [
        o for o in organisations if set(o.lower().split()) & _organisation_words() & set(words)
    ]
    if len(heads) == 1:
        return heads[0]
    # A spokesperson speaks for an organisation (titles include "spokesperson", so this first).
    if any(w in _ORGANISATION_WORDS or w in _organisation_words() for w in words):
        return organisations[0] if len(organisations) == 1 else ""
    if any(w in _PERSON_WORDS or w in gazetteer().titles for w in words):
        return people[0] if len(people) == 1 else ""
    return ""


def _next_to_verb(text: str, entity: Entity, offset: int, verb: re.Match[str]) -> bool:
    """Return whether ``entity`` is who speaks: "X said" or "said X"."""
    before = text[entity.end - offset : verb.start()]
    after = text[verb.end() : entity.start - offset]
    if entity.end - offset <= verb.start():
        # A capital speaks through its government ("Moscow dismissed this"), so places count
        # as the subject of a speech verb, but not as its object ("told Kyiv").
        return len(before) <= 20 and not re.search(r"[,;.”\"]", before)
    if entity.label not in _SPEAKER_LABELS:
        return False
    return len(after) <= 40 and not re.search(r"\bthat\b|[;.”\"]", after)


def _possessive(text: str, entity: Entity, offset: int) -> bool:
    return text[entity.end - offset : entity.end - offset + 2] in ("’s", "'s")


def _inside_quote(text: str, entity: Entity, offset: int) -> bool:
    return any(m.start() <= entity.start - offset < m.end() for m in _QUOTE.finditer(text))
