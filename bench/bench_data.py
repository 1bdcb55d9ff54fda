"""Data for the end-to-end benchmarks: articles to submit, an API account, published fact-checks.

The section scripts call ``django_setup()`` first; they then read and write the benchmark's own
database (``DATABASE_URL``, set by bench/run_all.py) through the ORM, as the service does.
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

SUBJECTS = [
    "Unemployment in the region",
    "The city's housing budget",
    "Average rent for a two-bedroom flat",
    "The number of hospital beds",
    "Petrol prices",
    "Violent crime in the capital",
    "The national debt",
    "Wheat exports through the Black Sea",
    "The share of renewable electricity",
    "Child poverty",
]
VERBS = ["rose", "fell", "climbed", "dropped", "grew", "shrank"]
SOURCES = [
    "the statistics office",
    "the finance ministry",
    "a parliamentary report",
    "the central bank",
    "the council's own figures",
]
FILLER = [
    "Officials from both parties met again on Tuesday to discuss the proposal in detail.",
    "Residents who spoke to reporters described a mixed picture across the neighbourhoods.",
    "The debate is expected to continue when the assembly returns after the summer recess.",
    "Critics and supporters alike agreed that the coming months would be decisive for the plan.",
]


def django_setup() -> None:
    """Load Django with the benchmark settings against ``DATABASE_URL``."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _seed_sentences() -> list[str]:
    text = " ".join(
        line
        for path in SEEDS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("**")
    )
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if 8 <= len(s.split()) <= 45]


def _statistic(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} by {rng.randint(2, 60)}.{rng.randint(0, 9)}% "
        f"between {rng.randint(2010, 2019)} and {rng.randint(2020, 2025)}, according to "
        f"{rng.choice(SOURCES)}, which counted {rng.randint(1_000, 900_000):,} cases in all."
    )


def article_bodies(count: int, *, seed: int) -> list[str]:
    """Return ``count`` distinct news articles of about 800 words and 35 sentences each.

    A mix of the seed articles' sentences (so matching finds real repeats across articles),
    new statistics with their own figures, and plain narrative that is not check-worthy.
    """
    rng = random.Random(seed)
    seeds = _seed_sentences()
    bodies = []
    for number in range(count):
        sentences = rng.sample(seeds, 18) + [_statistic(rng) for _ in range(12)]
        sentences += rng.sample(FILLER, 4)
        rng.shuffle(sentences)
        sentences.append(f"This is report {seed}-{number} of the regional desk.")
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        bodies.append("\n\n".join(paragraphs))
    return bodies


def api_token(username: str = "bench") -> str:
    """Return the API token of a reviewer account (who may also submit articles)."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    from reviews.roles import roles_and_ratings_ensure

    roles_and_ratings_ensure()
    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name="reviewer"))
    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)


def fact_checks_publish(count: int) -> list[int]:
    """Publish verdicts on ``count`` extracted claims, straight in the database; return claim ids.

    Each gets a rating, a conclusion, an explanation and two evidence links: the rows the
    workflow leaves behind, without walking every claim through leases and approval.
    """
    from django.contrib.auth.models import User
    from django.utils import timezone

    from claims.models import Claim, ClaimStatus
    from reviews.models import Evidence, Rating, Review, ReviewState
    from reviews.roles import roles_and_ratings_ensure

    roles_and_ratings_ensure()
    author, _ = User.objects.get_or_create(username="bench-writer")
    approver, _ = User.objects.get_or_create(username="bench-editor")
    ratings = list(Rating.objects.all())
    claims = list(Claim.objects.filter(status=ClaimStatus.CANDIDATE).order_by("id")[:count])
    now = timezone.now()
    reviews = []
    for n, claim in enumerate(claims):
        claim.status = ClaimStatus.PUBLISHED
        reviews.append(
            Review(
                claim=claim,
                version=1,
                state=ReviewState.PUBLISHED,
                rating=ratings[n % len(ratings)],
                conclusion=f"The figure quoted is not what the source says (check {n}).",
                explanation="The official series, read in full, shows a different figure. " * 8,
                author=author,
                approver=approver,
                submitted_at=now,
                approved_at=now,
                published_at=now - timezone.timedelta(minutes=n),
            )
        )
    Claim.objects.bulk_update(claims, ["status"])
    Review.objects.bulk_create(reviews)
    Evidence.objects.bulk_create(
        Evidence(
            claim=claim,
            url=f"https://stats.example.org/series/{claim.pk}/{k}",
            title="Official series",
            publisher="Statistics office",
            stance="refutes",
            added_by=author,
        )
        for claim in claims
        for k in range(2)
    )
    return [c.pk for c in claims]
