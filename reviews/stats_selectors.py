"""Reads for the stats page: every figure is one SQL aggregate, whatever the number of rows.

The page runs the same handful of queries with ten claims or ten million; the per-day series
are grouped by date in the database (``TruncDate`` in the current time zone), not in Python.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Event, EventAction, Queue
from reviews.models import Rating, Review, ReviewState

DAYS = 30

# "Checked" means a reviewer finished with the claim: a verdict went to the editors, or the
# claim was dismissed. Leasing and releasing are not checking.
CHECKED_ACTIONS = (EventAction.REVIEW_SUBMITTED, EventAction.CLAIM_DISMISSED)

# Buckets of the time from submission to publication, as (label, upper bound).
DELAY_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("< 1 h", timedelta(hours=1)),
    ("1-6 h", timedelta(hours=6)),
    ("6-24 h", timedelta(days=1)),
    ("1-3 days", timedelta(days=3)),
    ("3-7 days", timedelta(days=7)),
    ("> 7 days", None),
)

TOP_REVIEWERS = 15


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median of an interval or a number."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class DayCounts:
    day: date
    extracted: int
    checked: int
    published: int


@dataclass(frozen=True)
class QueueBacklog:
    name: str
    slug: str
    waiting: int
    in_review: int
    overdue: int


@dataclass(frozen=True)
class RatingCount:
    label: str
    verdicts: int


@dataclass(frozen=True)
class PublicationDelay:
    median: timedelta | None
    published: int
    buckets: list[tuple[str, int]]


@dataclass(frozen=True)
class ReviewerThroughput:
    username: str
    submitted: int
    dismissed: int
    published: int


@dataclass(frozen=True)
class StatsOverview:
    since: date
    days: list[DayCounts]
    backlog: list[QueueBacklog]
    ratings: list[RatingCount]
    delay: PublicationDelay
    reviewers: list[ReviewerThroughput]


def window_start(*, now: datetime, days: int = DAYS) -> datetime:
    """Return local midnight ``days - 1`` days before ``now``: the window includes today."""
    first = timezone.localtime(now).date() - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(first, time.min))


def _per_day(queryset: QuerySet[Any], field: str, count: Count) -> dict[date, int]:
    rows = queryset.annotate(day=TruncDate(field)).values("day").annotate(n=count).order_by()
    return {row["day"]: row["n"] for row in rows}


def daily_flow(*, now: datetime, days: int = DAYS) -> list[DayCounts]:
    """Return claims extracted, checked and published on each of the last ``days`` days.

    Three grouped queries; days with nothing are filled with zeros. A publication counts on
    its first version only (a correction is not a second publication).
    """
    since = window_start(now=now, days=days)
    extracted = _per_day(Claim.objects.filter(created_at__gte=since), "created_at", Count("id"))
    checked = _per_day(
        Event.objects.filter(created_at__gte=since, action__in=CHECKED_ACTIONS),
        "created_at",
        Count("claim", distinct=True),
    )
    published = _per_day(
        Review.objects.filter(published_at__gte=since, supersedes__isnull=True),
        "published_at",
        Count("id"),
    )
    first = timezone.localtime(since).date()
    every_day = [first + timedelta(days=offset) for offset in range(days)]
    return [
        DayCounts(
            day=day,
            extracted=extracted.get(day, 0),
            checked=checked.get(day, 0),
            published=published.get(day, 0),
        )
        for day in every_day
    ]


def queue_backlog(*, now: datetime) -> list[QueueBacklog]:
    """Return each queue's waiting, in-review and overdue claims (one query)."""
    waiting = Q(claims__status=ClaimStatus.CANDIDATE)
    queues = Queue.objects.annotate(
        waiting=Count("claims", filter=waiting),
        in_review=Count("claims", filter=Q(claims__status=ClaimStatus.IN_REVIEW)),
        overdue=Count("claims", filter=waiting & Q(claims__due_at__lt=now)),
    ).order_by("name", "id")
    return [
        QueueBacklog(
            name=queue.name,
            slug=queue.slug,
            waiting=queue.waiting,  # type: ignore[attr-defined]
            in_review=queue.in_review,  # type: ignore[attr-defined]
            overdue=queue.overdue,  # type: ignore[attr-defined]
        )
        for queue in queues
    ]


def verdicts_by_rating() -> list[RatingCount]:
    """Return how many live published verdicts carry each rating of the scale (one query)."""
    ratings = (
        Rating.objects.annotate(
            verdicts=Count("review", filter=Q(review__state=ReviewState.PUBLISHED))
        )
        .filter(Q(is_active=True) | Q(verdicts__gt=0))
        .order_by("position", "id")
    )
    return [RatingCount(label=r.label, verdicts=r.verdicts) for r in ratings]  # type: ignore[attr-defined]


def publication_delay(*, now: datetime, days: int = DAYS) -> PublicationDelay:
    """Return the time from an article's submission to its claim's first publication.

    Over the verdicts first published in the window: the median and a histogram. PostgreSQL
    computes the median (``percentile_cont``); SQLite, the development database, has no
    percentile function, so there the delays are read in one query and the median taken here.
    """
    since = window_start(now=now, days=days)
    published = Review.objects.filter(published_at__gte=since, supersedes__isnull=True).annotate(
        delay=ExpressionWrapper(
            F("published_at") - F("claim__article__created_at"), output_field=DurationField()
        )
    )
    counts: dict[str, Aggregate | Count] = {"published": Count("id")}
    lower: timedelta | None = None
    for index, (_, upper) in enumerate(DELAY_BUCKETS):
        within = Q()
        if lower is not None:
            within &= Q(delay__gte=lower)
        if upper is not None:
            within &= Q(delay__lt=upper)
        counts[f"bucket_{index}"] = Count("id", filter=within)
        lower = upper
    if connection.vendor == "postgresql":
        counts["median"] = Median("delay", output_field=DurationField())
    totals = published.aggregate(**counts)
    median = totals.get("median")
    if connection.vendor != "postgresql" and totals["published"]:
        median = statistics.median(published.values_list("delay", flat=True))
    return PublicationDelay(
        median=median,
        published=totals["published"],
        buckets=[(label, totals[f"bucket_{i}"]) for i, (label, _) in enumerate(DELAY_BUCKETS)],
    )


def reviewer_throughput(*, now: datetime, days: int = DAYS) -> list[ReviewerThroughput]:
    """Return, per reviewer, verdicts submitted, claims dismissed and verdicts published.

    Two grouped queries (the audit log for submissions and dismissals, the reviews for
    publications), the busiest ``TOP_REVIEWERS`` first.
    """
    since = window_start(now=now, days=days)
    work = (
        Event.objects.filter(created_at__gte=since, action__in=CHECKED_ACTIONS, actor__isnull=False)
        .values("actor__username")
        .annotate(
            submitted=Count("id", filter=Q(action=EventAction.REVIEW_SUBMITTED)),
            dismissed=Count("id", filter=Q(action=EventAction.CLAIM_DISMISSED)),
        )
        .order_by()
    )
    published = (
        Review.objects.filter(published_at__gte=since, supersedes__isnull=True)
        .values("author__username")
        .annotate(n=Count("id"))
        .order_by()
    )
    published_by = {row["author__username"]: row["n"] for row in published}
    names = {row["actor__username"] for row in work} | set(published_by)
    done: dict[str, tuple[int, int]] = {
        row["actor__username"]: (row["submitted"], row["dismissed"]) for row in work
    }
    rows = [
        ReviewerThroughput(
            username=name,
            submitted=done.get(name, (0, 0))[0],
            dismissed=done.get(name, (0, 0))[1],
            published=published_by.get(name, 0),
        )
        for name in names
    ]
    rows.sort(key=lambda r: (-(r.submitted + r.dismissed + r.published), r.username))
    return rows[:TOP_REVIEWERS]


def stats_overview(*, now: datetime, days: int = DAYS) -> StatsOverview:
    """Return every figure of the stats page."""
    return StatsOverview(
        since=timezone.localtime(window_start(now=now, days=days)).date(),
        days=daily_flow(now=now, days=days),
        backlog=queue_backlog(now=now),
        ratings=verdicts_by_rating(),
        delay=publication_delay(now=now, days=days),
        reviewers=reviewer_throughput(now=now, days=days),
    )
