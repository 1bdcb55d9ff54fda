"""The stats page (charts of the desk's work) and desk search, through Django's test client."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Article, Claim, ClaimStatus, Event, EventAction
from claims.routing import queue_default_get
from reviews.models import Rating, Review, ReviewState
from reviews.pages.stats_charts import count_labels, duration_text
from reviews.roles import roles_and_ratings_ensure
from reviews.search_selectors import MAX_QUERY_LENGTH, search_run
from reviews.stats_selectors import (
    daily_flow,
    publication_delay,
    queue_backlog,
    reviewer_throughput,
    verdicts_by_rating,
)
from tests.factories import ArticleFactory, QueueFactory, UserFactory
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


def published(
    *,
    text: str = "Unemployment fell to 4.1% in 2024.",
    rating: str = "false",
    conclusion: str = "Unemployment rose.",
    author: User | None = None,
    submitted_ago: timedelta = timedelta(hours=2),
) -> Review:
    """Create a claim whose article was submitted ``submitted_ago``, published just now."""
    roles_and_ratings_ensure()
    writer = author or UserFactory.create(username="writer")
    checked = ClaimFactory.create(text=text, status=ClaimStatus.PUBLISHED)
    now = timezone.now()
    Article.objects.filter(pk=checked.article_id).update(created_at=now - submitted_ago)
    return Review.objects.create(
        claim=checked,
        version=1,
        state=ReviewState.PUBLISHED,
        rating=Rating.objects.get(slug=rating),
        conclusion=conclusion,
        explanation="The statistics office's series shows a rise.",
        author=writer,
        approver=UserFactory.create(username="approver"),
        submitted_at=now,
        approved_at=now,
        published_at=now,
    )


def checked_by(user: User, claim: Claim, action: str = EventAction.REVIEW_SUBMITTED) -> None:
    Event.objects.create(action=action, actor=user, claim=claim)


# --- Stats: the figures -----------------------------------------------------------------------


def test_daily_flow_counts_claims_extracted_checked_and_published_per_day(reviewer: User) -> None:
    # GIVEN three claims extracted today, one two days ago, one 40 days ago (outside the window)
    now = timezone.now()
    today = ClaimFactory.create_batch(3)
    two_days = ClaimFactory.create()
    old = ClaimFactory.create()
    Claim.objects.filter(pk=two_days.pk).update(created_at=now - timedelta(days=2))
    Claim.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=40))
    # AND two claims checked today (a verdict and a dismissal), one of them twice
    checked_by(reviewer, today[0])
    checked_by(reviewer, today[0])
    checked_by(reviewer, today[1], EventAction.CLAIM_DISMISSED)
    Event.objects.create(action=EventAction.CLAIM_LEASED, actor=reviewer, claim=today[2])
    # AND one fact-check published today
    published()

    days = daily_flow(now=now)

    assert len(days) == 30
    assert days[-1].day == timezone.localdate(now)
    assert (days[-1].extracted, days[-1].checked, days[-1].published) == (4, 2, 1)
    assert days[-3].extracted == 1
    assert sum(day.extracted for day in days) == 5


def test_backlog_counts_waiting_in_review_and_overdue_claims_per_queue() -> None:
    now = timezone.now()
    politics = QueueFactory.create(name="Politics")
    ClaimFactory.create_batch(2, queue=politics)
    ClaimFactory.create(queue=politics, due_at=now - timedelta(hours=1))
    ClaimFactory.create(queue=politics, status=ClaimStatus.IN_REVIEW)
    ClaimFactory.create(queue=politics, status=ClaimStatus.DISMISSED)
    ClaimFactory.create()  # the default queue

    backlog = {queue.name: queue for queue in queue_backlog(now=now)}

    assert (backlog["Politics"].waiting, backlog["Politics"].in_review) == (3, 1)
    assert backlog["Politics"].overdue == 1
    assert backlog[queue_default_get().name].waiting == 1


def test_verdicts_by_rating_counts_live_published_verdicts_only() -> None:
    published(rating="false")
    published(rating="false")
    superseded = published(rating="true")
    Review.objects.filter(pk=superseded.pk).update(state=ReviewState.SUPERSEDED)

    counts = {rating.label: rating.verdicts for rating in verdicts_by_rating()}

    assert counts[Rating.objects.get(slug="false").label] == 2
    assert counts[Rating.objects.get(slug="true").label] == 0


def test_publication_delay_gives_the_median_and_a_histogram() -> None:
    for hours in (1.5, 2, 30):
        published(submitted_ago=timedelta(hours=hours))

    delay = publication_delay(now=timezone.now())

    assert delay.published == 3
    assert delay.median is not None
    assert abs(delay.median - timedelta(hours=2)) < timedelta(minutes=1)
    assert dict(delay.buckets) == {
        "< 1 h": 0,
        "1-6 h": 2,
        "6-24 h": 0,
        "1-3 days": 1,
        "3-7 days": 0,
        "> 7 days": 0,
    }


def test_reviewer_throughput_counts_each_reviewers_submissions_dismissals_and_publications(
    reviewer: User, other_reviewer: User
) -> None:
    claims = ClaimFactory.create_batch(3)
    checked_by(reviewer, claims[0])
    checked_by(reviewer, claims[1], EventAction.CLAIM_DISMISSED)
    checked_by(other_reviewer, claims[2])
    published(author=reviewer)

    rows = {row.username: row for row in reviewer_throughput(now=timezone.now())}

    assert (rows["rita"].submitted, rows["rita"].dismissed, rows["rita"].published) == (1, 1, 1)
    assert (rows["oscar"].submitted, rows["oscar"].dismissed, rows["oscar"].published) == (1, 0, 0)


# --- Stats: the page --------------------------------------------------------------------------


def test_stats_page_shows_five_svg_charts_each_with_a_figures_table(
    reviewer_client: Client, reviewer: User
) -> None:
    # GIVEN a claim waiting in a queue named with markup, and a published fact-check
    ClaimFactory.create(queue=QueueFactory.create(name="<script>alert(1)</script> desk"))
    published(author=reviewer)

    response = reviewer_client.get("/stats/")
    html = response.content.decode()

    # THEN five inline SVG charts, each titled and described for screen readers, with a table
    assert response.status_code == 200
    assert html.count("<svg") == 5
    assert html.count('role="img"') == 5
    assert len(re.findall(r"<desc id=\"chart-[a-z]+-desc\">", html)) == 5
    assert html.count('<table class="stats-table">') == 5
    assert "Median: 2 h 0 min" in html
    # AND no inline script (the CSP forbids them; pygal's is cut out): only the desk's own
    # static files (htmx, keys.js, from base.html), and no CDN, no font
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/vendor/htmx.min.js" defer>',
        '<script src="/static/desk/keys.js" defer>',
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; desk" in html
    assert "googleapis" not in html
    assert "cdn" not in html.lower()


def test_stats_page_allows_exactly_its_charts_styles_by_hash(reviewer_client: Client) -> None:
    response = reviewer_client.get("/stats/")

    policy = response["Content-Security-Policy"]
    style_src = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert style_src.count("'sha256-") == 5
    assert "'self'" in style_src  # added to the site's policy, not replacing it
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy


def test_stats_page_refuses_users_without_a_desk_role() -> None:
    client = Client()
    client.force_login(UserFactory.create(username="visitor"))

    assert client.get("/stats/").status_code == 403
    assert Client().get("/stats/").status_code == 302  # to the login page


def _stats_rows(count: int, reviewer: User) -> None:
    queue = QueueFactory.create()
    claims = ClaimFactory.create_batch(count, queue=queue)
    for claim in claims:
        checked_by(reviewer, claim)
    for index in range(count):
        published(text=f"Claim number {index} about 4.{index}% growth.", author=reviewer)
    author = UserFactory.create()
    for claim in claims:
        checked_by(author, claim, EventAction.CLAIM_DISMISSED)


def test_stats_page_runs_the_same_number_of_queries_for_2_and_20_rows(
    reviewer_client: Client, reviewer: User
) -> None:
    _stats_rows(2, reviewer)
    with CaptureQueriesContext(connection) as few:
        assert reviewer_client.get("/stats/").status_code == 200

    _stats_rows(18, reviewer)
    with CaptureQueriesContext(connection) as many:
        assert reviewer_client.get("/stats/").status_code == 200

    assert len(many) == len(few)


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_claims_articles_and_fact_checks_by_stemmed_words(
    reviewer_client: Client,
) -> None:
    # GIVEN a fact-check, a candidate claim and an article all about casualties
    fact_check = published(
        text="Russian casualties exceed one million.", conclusion="Estimates differ."
    )
    claim = ClaimFactory.create(text="The ministry counted 850,000 Russian casualties.")
    article = ArticleFactory.create(title="War losses", body="A casualty count from the front.")
    ClaimFactory.create(text="Bread prices rose 12% in March.")

    # WHEN a reviewer searches for the singular
    response = reviewer_client.get("/search/", {"q": "casualty"})
    html = response.content.decode()

    # THEN each kind is listed with its link; the unrelated claim is not
    assert response.status_code == 200
    assert f'href="/fact-checks/{fact_check.claim_id}/"' in html
    assert f'href="/claims/{claim.pk}/"' in html
    assert f'href="/articles/{article.pk}/"' in html
    assert "Bread prices" not in html


def test_search_understands_web_search_syntax(reviewer_client: Client) -> None:
    wanted = ClaimFactory.create(text="Inflation reached 9% in Spain.")
    unwanted = ClaimFactory.create(text="Inflation reached 9% in France.")

    results = search_run(query="inflation -france")

    assert [claim.pk for claim in results.claims] == [wanted.pk]
    assert unwanted.pk not in [claim.pk for claim in search_run(query='"in spain"').claims]


def test_search_lists_the_live_version_of_a_corrected_fact_check_only() -> None:
    old = published(text="The bridge cost 40 million.")
    Review.objects.filter(pk=old.pk).update(state=ReviewState.SUPERSEDED)
    live = Review.objects.create(
        claim=old.claim,
        version=2,
        state=ReviewState.PUBLISHED,
        rating=old.rating,
        conclusion="Corrected: it cost 45 million.",
        author=old.author,
        published_at=timezone.now(),
    )

    assert [review.pk for review in search_run(query="bridge").fact_checks] == [live.pk]


def test_search_fallback_matches_every_word_case_insensitively() -> None:
    # The SQLite path, run here on PostgreSQL: every word must appear, in any case.
    fact_check = published(text="Wind power supplied 30% of the grid.")
    claim = ClaimFactory.create(text="WIND farms supplied a third of the GRID in 2023.")
    article = ArticleFactory.create(title="Grid report", body="Wind and grid figures.")
    ClaimFactory.create(text="Wind speeds broke records.")

    results = search_run(query="wind grid", full_text=False)

    assert claim.pk in [c.pk for c in results.claims]
    assert len(results.claims) == 2  # the fact-check's own claim and the candidate
    assert [a.pk for a in results.articles] == [article.pk]
    assert [r.pk for r in results.fact_checks] == [fact_check.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("   ", "Type a few words"),
        ("x" * (MAX_QUERY_LENGTH + 1), f"the limit is {MAX_QUERY_LENGTH}"),
    ],
)
def test_search_explains_an_empty_or_too_long_query(
    reviewer_client: Client, query: str, message: str
) -> None:
    response = reviewer_client.get("/search/", {"q": query})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_search_page_without_a_query_is_just_the_form(reviewer_client: Client) -> None:
    response = reviewer_client.get("/search/")

    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()
    assert 'name="q"' in response.content.decode()


def test_search_says_when_nothing_matches_and_shows_markup_as_text(
    reviewer_client: Client,
) -> None:
    response = reviewer_client.get("/search/", {"q": "<script>alert(1)</script>"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Nothing matches" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_refuses_users_without_a_desk_role(db: Any) -> None:
    client = Client()
    client.force_login(UserFactory.create(username="visitor"))

    assert client.get("/search/", {"q": "casualties"}).status_code == 403


def _matching_rows(count: int, reviewer: User) -> None:
    for index in range(count):
        published(text=f"Tariff revenue number {index} rose.", author=reviewer)
        ArticleFactory.create(title=f"Tariff story {index}")


@pytest.mark.parametrize("full_text", [True, False])
def test_search_runs_the_same_number_of_queries_for_2_and_20_matches(
    reviewer_client: Client, reviewer: User, full_text: bool
) -> None:
    _matching_rows(2, reviewer)
    with CaptureQueriesContext(connection) as few:
        results = search_run(query="tariff", full_text=full_text)
        assert len(results.fact_checks) == 2
        assert reviewer_client.get("/search/", {"q": "tariff"}).status_code == 200

    _matching_rows(18, reviewer)
    with CaptureQueriesContext(connection) as many:
        results = search_run(query="tariff", full_text=full_text)
        assert len(results.fact_checks) == 20
        assert reviewer_client.get("/search/", {"q": "tariff"}).status_code == 200

    assert len(many) == len(few)


def test_user_with_role_helper_gives_an_editor_the_search_too() -> None:
    client = Client()
    client.force_login(user_with_role("editor", username="edna"))

    assert client.get("/search/", {"q": "anything"}).status_code == 200


@pytest.mark.parametrize(
    ("delay", "text"),
    [
        (None, "no data"),
        (timedelta(minutes=42, seconds=30), "42 min"),
        (timedelta(hours=3, minutes=20), "3 h 20 min"),
        (timedelta(days=2, hours=4, minutes=59), "2 d 4 h"),
        (timedelta(seconds=-5), "0 min"),
    ],
)
def test_a_publication_delay_reads_as_a_person_would_say_it(
    delay: timedelta | None, text: str
) -> None:
    assert duration_text(delay) == text


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (23, [0, 5, 10, 15, 20, 25]),
        (480, [0, 100, 200, 300, 400, 500]),
    ],
)
def test_count_axes_have_whole_number_ticks(largest: int, ticks: list[int]) -> None:
    assert count_labels(largest) == ticks


@pytest.mark.parametrize(
    "query", ['"', "-", "or", "&|!():*", "'; drop table claims_claim; --", "é"]
)
def test_search_answers_odd_syntax_without_an_error(reviewer_client: Client, query: str) -> None:
    ClaimFactory.create(text="Inflation reached 9% in Spain.")

    response = reviewer_client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "Nothing matches" in response.content.decode()
