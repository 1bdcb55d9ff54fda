"""The extraction pipeline: clean -> segment -> score -> type -> match keys.

Offsets always point into the body as given: cleaning blanks characters instead of removing
them, and Unicode normalisation is mapped back (see ``cleaning.normalise``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from claims.extraction import cleaning, language, segmentation
from claims.extraction.claim_types import claim_type, quote_speaker
from claims.extraction.entities import EntityFinder
from claims.extraction.matching import quantity_subjects, signature
from claims.extraction.numbers import find_numbers
from claims.extraction.scoring import (
    DEFAULT_BACKEND,
    NON_FACTUAL_CUTOFF,
    get_scorer,
    score_sentences,
)
from claims.extraction.types import CandidateClaim, Entity, Extraction, Number

PIPELINE_VERSION = "pipeline-4"  # 2: non-factual veto; 3: list markers left out of sentences;
# 4: boilerplate per sentence inside prose, speakers from the sentence before, py3langid
# A body longer than this is read only up to here (cut at a line break when one is near):
# 200,000 characters is some 30,000 words, far beyond any article, and keeps the worst case
# to about a second of work. The note says so.
MAX_BODY_CHARS = 200_000
# Segmentation stops after this many sentences (some 50,000 words of prose), so text made of
# thousands of tiny "sentences" ("a. b. c. ...") is bounded as well as long text is.
MAX_SENTENCES = 2_000
# Fewer words than this is a fragment ("He said no."), never a checkable claim.
MIN_CLAIM_WORDS = 5


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str  # NFC-normalised, for scoring and feature extraction
    offsets: list[int]  # position in ``text`` -> offset into the body


def extract(
    text: str, *, threshold: float | None = None, backend: str = DEFAULT_BACKEND
) -> Extraction:
    """Return the candidate claims of an article body, with offsets into ``text``.

    ``threshold`` defaults to the backend's own (chosen on validation data); ``backend`` is
    one of ``scoring.BACKENDS``.
    """
    scorer = get_scorer(backend)
    version = f"{PIPELINE_VERSION}+{scorer.version}"
    if not text or not text.strip():
        return Extraction(
            (), 0, language=language.UNKNOWN, note="The text is empty.", extractor_version=version
        )
    body, note = _bounded(text)
    work = cleaning.blank(body)
    work, prose, skipped = _prose_spans(work)
    if not prose:
        return Extraction(
            (),
            0,
            language=language.UNKNOWN,
            note="No article prose found: only headings or boilerplate.",
            extractor_version=version,
            skipped=skipped,
        )
    detected = language.detect(" ".join(work[s:e] for s, e in prose))
    # A text too short to identify is read as English, as it always was: a two-sentence
    # brief is still worth checking. So is one whose likeliest language is English, if unsure
    # (runs of very short sentences); it is stored as "und". Anything else is not scored.
    if detected.best_guess != "en" and not detected.too_short:
        found = detected.reason or f"it looks like {detected.code} ({detected.probability:.0%})"
        reason = (
            f"The text does not look like English: {found}. The extractor only handles "
            "English, so no claims were extracted."
        )
        return Extraction(
            (), 0, language=detected.code, note=reason, extractor_version=version, skipped=skipped
        )
    spans = itertools.islice(
        (span for s, e in prose for span in segmentation.sentences(work, s, e)), MAX_SENTENCES + 1
    )
    sentences = [_sentence(work, span) for span in spans]
    if len(sentences) > MAX_SENTENCES:
        sentences = sentences[:MAX_SENTENCES]
        last = sentences[-1].end
        note = (
            f"The text has more than {MAX_SENTENCES:,} sentences; "
            f"only those up to character {last:,} were read."
        )
    # Inside prose, boilerplate is judged sentence by sentence: a newsletter plug at the end of
    # a paragraph goes, the paragraph's figures stay.
    kept: list[_Sentence] = []
    for sentence in sentences:
        if cleaning.boilerplate_reason(sentence.text) == "boilerplate":
            skipped += (f"boilerplate: {_shown(sentence.text)}",)
        else:
            kept.append(sentence)
    sentences = kept
    candidates = [s for s in sentences if len(s.text.split()) >= MIN_CLAIM_WORDS]
    scores, non_factual = score_sentences(scorer, [s.text for s in candidates])
    cutoff = scorer.threshold if threshold is None else threshold
    finder = EntityFinder()
    claims = []
    opinions = []
    previous: tuple[Entity, ...] = ()  # the sentence before's names, for "she said"
    for sentence, score, opinion in zip(candidates, scores, non_factual, strict=True):
        local_entities = finder.find(sentence.text)  # every sentence: it learns the names used
        before, previous = previous, local_entities
        if score < cutoff:
            continue
        if opinion >= NON_FACTUAL_CUTOFF:
            opinions.append(f"opinion ({opinion:.2f} non-factual): {_shown(sentence.text)}")
        else:
            claims.append(_claim(body, sentence, float(score), local_entities, before))
    return Extraction(
        tuple(claims),
        len(sentences),
        language=detected.code,
        note=note,
        extractor_version=version,
        skipped=skipped + tuple(opinions),
    )


def _shown(text: str, limit: int = 200) -> str:
    """Return ``text`` as a skipped-line entry shows it: whole, or cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded(text: str) -> tuple[str, str]:
    if len(text) <= MAX_BODY_CHARS:
        return text, ""
    cut = text.rfind("\n", MAX_BODY_CHARS * 9 // 10, MAX_BODY_CHARS)
    cut = cut if cut > 0 else MAX_BODY_CHARS
    note = f"The text is {len(text):,} characters long; only the first {cut:,} were read."
    return text[:cut], note


def _prose_spans(work: str) -> tuple[str, list[tuple[int, int]], tuple[str, ...]]:
    """Return the text to segment, its runs of prose lines as (start, end), and dropped lines.

    The line break after a hard-wrapped line becomes a space (same length), so the segmenter
    sees one sentence, not two.
    """
    spans: list[tuple[int, int]] = []
    skipped: list[str] = []
    joins: list[int] = []
    lines = cleaning.split_lines(work)
    continued = False  # the previous line's sentence goes on in this one
    for i, line in enumerate(lines):
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        wrapped = cleaning.continues_on_next_line(line.text, following, continued=continued)
        reason = "" if wrapped or continued else cleaning.boilerplate_reason(line.text)
        if reason == "boilerplate" and _has_prose_sentence(line.text):
            reason = ""  # its boilerplate sentences are dropped one by one after segmentation
        continued = wrapped
        if reason:
            if reason != "blank":
                skipped.append(f"{reason}: {_shown(line.text.strip())}")
            continue
        if wrapped and line.end < len(work) and work[line.end] == "\n":
            joins.append(line.end)
        if spans and not work[spans[-1][1] : line.start].strip():
            spans[-1] = (spans[-1][0], line.end)
        else:
            spans.append((line.start, line.end))
    if joins:
        chars = list(work)
        for at in joins:
            chars[at] = " "
        work = "".join(chars)
    return work, spans, tuple(skipped)


def _has_prose_sentence(line: str) -> bool:
    """Return whether a line of several sentences holds one that is not boilerplate.

    Such a line is a paragraph that happens to contain a footer sentence; a line that is one
    sentence (or all boilerplate) stands alone and is judged whole.
    """
    parts = [span.text for span in segmentation.sentences(line, 0, len(line))]
    return len(parts) > 1 and any(cleaning.boilerplate_reason(p) == "" for p in parts)


def _sentence(work: str, span: segmentation.Span) -> _Sentence:
    normal, local = cleaning.normalise(span.text)
    return _Sentence(span.start, span.end, normal, [span.start + i for i in local])


def _claim(
    body: str,
    sentence: _Sentence,
    score: float,
    local_entities: tuple[Entity, ...],
    previous_entities: tuple[Entity, ...],
) -> CandidateClaim:
    """Build a claim; rules run on the normalised sentence, offsets are mapped to the body."""
    local_numbers = find_numbers(sentence.text)
    is_quote, speaker = quote_speaker(sentence.text, local_entities, 0, previous_entities)
    at = sentence.offsets
    return CandidateClaim(
        text=body[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
        score=round(score, 4),
        claim_type=claim_type(sentence.text, local_numbers, is_quote),
        numbers=tuple(
            Number(body[at[n.start] : at[n.end]], n.value, n.unit, at[n.start], at[n.end])
            for n in local_numbers
        ),
        entities=tuple(
            Entity(body[at[e.start] : at[e.end]], e.label, at[e.start], at[e.end])
            for e in local_entities
        ),
        is_quote=is_quote,
        speaker=speaker,
        signature=signature(sentence.text),
        subjects=quantity_subjects(sentence.text, local_numbers, local_entities, 0),
    )
