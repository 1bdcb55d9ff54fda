"""Hand-made sentence features that say "this is checkable" whatever the topic.

They feed the rules scorer and are appended to the light model's n-gram features, where they
carry what debate transcripts (the training data) rarely show but news prose is full of:
figures, named actors, attribution.
"""

from __future__ import annotations

import math
import re

import numpy as np

FEATURE_NAMES = (
    "has_figure",
    "has_percent_or_money",
    "has_year",
    "named_words",
    "attribution",
    "event_verb",
    "opinion",
    "first_or_second_person",
    "question",
    "log_words",
)
_FIGURE = re.compile(r"\d|\b(hundred|thousand|million|billion|trillion|dozens)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONEY = re.compile(r"[%€$£¥₽]|\b(percent|per cent|dollars?|euros?|pounds)\b", re.IGNORECASE)
_NAMED = re.compile(r"(?<=[\s(“\"])[A-Z][\w’'-]+")
_ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|reported|stated|announced|claimed|estimates?|assessment|"
    r"revealed|confirmed|data|figures|statistics|survey|study|report)\b",
    re.IGNORECASE,
)
_EVENT_VERB = re.compile(
    r"\b(\w+ed|won|lost|gained|fell|rose|grew|joined|signed|voted|killed|increased|decreased|"
    r"introduced|passed|launched|offered|proposed|proposing|spent|cut|raised|reached)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(i think|i believe|i feel|we need|we must|we should|should|ought|perhaps|maybe|"
    r"seems?|clearly|obviously|absurd\w*|wonderful|terrible|great|best|worst|hope|"
    r"desperate|disastrous|catastrophic|merely|profound)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b(i|i'm|i've|we|we're|we've|you|you're|my|our|your|us)\b", re.IGNORECASE)


def hand_features(text: str) -> np.ndarray:
    """Return the ``FEATURE_NAMES`` values of one sentence as float32."""
    words = len(text.split())
    return np.array(
        [
            bool(_FIGURE.search(_YEAR.sub("", text))),
            bool(_MONEY.search(text)),
            bool(_YEAR.search(text)),
            min(len(_NAMED.findall(text)), 4) / 4,
            bool(_ATTRIBUTION.search(text)),
            bool(_EVENT_VERB.search(text)),
            bool(_OPINION.search(text)),
            bool(_PERSON.search(text)),
            text.rstrip().endswith("?"),
            math.log1p(words) / 4,
        ],
        dtype=np.float32,
    )
