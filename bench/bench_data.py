"""Data for the end-to-end benchmarks: articles to submit, an API account, published fact-checks.

The section scripts call ``django_setup()`` first; they then read and write the benchmark's own
database (``DATABASE_URL``, set by bench/run_all.py) through the ORM, as the service does.
"""

from __future__ import annotations

import os
import random
import re
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

SUBJECTS = [
    "Unemployment",
    "The housing budget",
    "Average rent",
    "The number of hospital beds",
    "Petrol prices",
    "Violent crime",
    "The national debt",
    "Wheat exports",
    "Renewable power",
    "Child poverty",
    "Bus ridership",
    "School enrolment",
    "Water use",
    "Tourist arrivals",
    "Broadband coverage",
    "Food bank use",
    "Court backlogs",
    "Nurse vacancies",
]
PLACES = [
    "in the capital",
    "across the region",
    "in rural districts",
    "in the north",
    "in coastal towns",
    "nationwide",
    "in the three largest cities",
    "in the eastern provinces",
]
VERBS = ["rose", "fell", "climbed", "dropped", "grew", "shrank", "doubled", "stalled"]
SOURCES = [
    "the statistics office",
    "the finance ministry",
    "a parliamentary report",
    "the central bank",
    "the council's own figures",
    "an independent audit",
    "the health service",
    "a university study",
]
PEOPLE = [
    "Maria Lopez, the opposition's finance spokesperson",
    "Daniel Okafor, the mayor",
    "Priya Raman, an economist at the university",
    "the transport minister, Tomas Berg",
    "Helen Marsh, who chairs the audit committee",
    "a spokesperson for the council",
]
NARRATIVE = [
    "Officials met again on {day} to discuss the proposal in detail.",
    "Residents who spoke to reporters on {day} described a mixed picture.",
    "The debate is expected to continue when the assembly returns in {month}.",
    "Critics and supporters agreed that {month} would be decisive for the plan.",
    "The committee will publish its findings in {month}, a spokesperson said.",
    "Reporters visited several sites on {day} and spoke to staff and visitors.",
    "The two sides have not met since {month}, when talks broke down over funding.",
    "Campaigners gathered outside the town hall on {day} with banners and leaflets.",
]
# Narrative sentences end in one of these, so sentences average some 22 words as in news.
TAILS = [
    "although several members said privately that they expected little to change this year",
    "and the details of the plan have still not been made public by either side",
    "while local businesses said they were waiting to see what would happen next",
    "but the meeting ended without any agreement on the next steps to be taken",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


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
        f"{rng.choice(SUBJECTS)} {rng.choice(PLACES)} {rng.choice(VERBS)} by "
        f"{rng.randint(2, 60)}.{rng.randint(0, 9)}% between {rng.randint(2010, 2019)} and "
        f"{rng.randint(2020, 2025)}, according to {rng.choice(SOURCES)}, which counted "
        f"{rng.randint(1_000, 900_000):,} cases."
    )


def _quote(rng: random.Random) -> str:
    return (
        f"“{rng.choice(SUBJECTS)} {rng.choice(PLACES)} is {rng.choice(['higher', 'lower'])} than "
        f"at any time since {rng.randint(1990, 2015)},” said {rng.choice(PEOPLE)} on "
        f"{rng.choice(DAYS)}."
    )


def _narrative(rng: random.Random) -> str:
    sentence = rng.choice(NARRATIVE).format(day=rng.choice(DAYS), month=rng.choice(MONTHS))
    return f"{sentence[:-1]}, {rng.choice(TAILS)}."


def article_bodies(count: int, *, seed: int) -> list[str]:
    """Return ``count`` distinct news articles of about 800 words and 35 sentences each.

    New statistics and quotes with their own figures, plain narrative that is not
    check-worthy, and now and then two of the seed articles' sentences, so that matching
    finds repeats across articles in clusters of a realistic size.
    """
    rng = random.Random(seed)
    seeds = _seed_sentences()
    bodies = []
    for number in range(count):
        sentences = [_statistic(rng) for _ in range(10)] + [_quote(rng) for _ in range(4)]
        sentences += [_narrative(rng) for _ in range(20)]
        if rng.random() < 0.3:
            sentences += rng.sample(seeds, 2)
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
    from django.db.models import Count
    from django.utils import timezone

    from claims.models import Claim, ClaimStatus
    from reviews.models import Evidence, Rating, Review, ReviewState
    from reviews.roles import roles_and_ratings_ensure

    roles_and_ratings_ensure()
    author, _ = User.objects.get_or_create(username="bench-writer")
    approver, _ = User.objects.get_or_create(username="bench-editor")
    ratings = list(Rating.objects.all())
    # Claims carried by a few articles, as most checked claims are; the narrative sentences
    # this generator repeats form clusters of hundreds, which no desk would check.
    claims = list(
        Claim.objects.filter(status=ClaimStatus.CANDIDATE)
        .annotate(carried_by=Count("cluster__claims"))
        .filter(carried_by__lte=10)
        .order_by("id")[:count]
    )
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
                published_at=now - timedelta(minutes=n),
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
