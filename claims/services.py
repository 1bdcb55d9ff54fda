"""Every write to articles and claims: submission, extraction, and its bookkeeping."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims import extraction, vector_store
from claims.audit import event_record
from claims.changes import row_edit
from claims.fetching import FetchError, FetchLimits, fetch_page, page_text, url_problem
from claims.matching import Embedding, claims_match, claims_priority_spread
from claims.models import Article, Claim, ClaimStatus, EventAction, ExtractionStatus
from claims.routing import claim_placement, queue_default_get, routing_rules
from claims.scored_results import extraction_from_json, extraction_to_json
from claims.text_checks import body_problem, content_hash
from claims.vector_store import claim_vectors_store
from factcheck.errors import IllegalTransition, InvalidInput

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

logger = logging.getLogger(__name__)

# A 5 MB page of menus could leave thousands of lines out; the first ones say enough.
MAX_SKIPPED_STORED = 200


def article_submit(
    *,
    body: str,
    title: str = "",
    url: str = "",
    source: str = "",
    author: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    submitted_by: AbstractBaseUser | AnonymousUser | None = None,
) -> tuple[Article, bool]:
    """Store an article and schedule its extraction; return ``(article, created)``.

    The same body (up to whitespace and Unicode normalisation) returns the stored article
    unchanged, never a copy.
    """
    problem = body_problem(body)
    if problem:
        raise InvalidInput(problem)
    digest = content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title,
                body=body,
                url=url,
                source=source,
                author=author,
                published_at=published_at,
                language=language or "en",
                content_hash=digest,
                submitted_by=submitted_by if isinstance(submitted_by, User) else None,
            )
            event_record(
                action=EventAction.ARTICLE_SUBMITTED,
                actor=submitted_by,
                article=article,
                to_state=ExtractionStatus.PENDING,
                changes={"title": title, "source": source, "chars": len(body)},
            )
            _enqueue_extraction(article.pk)
    except IntegrityError:
        # Another request stored the same body between our lookup and our insert.
        return Article.objects.get(content_hash=digest), False
    return article, True


def article_submit_url(
    *,
    url: str,
    title: str = "",
    source: str = "",
    author: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    submitted_by: AbstractBaseUser | AnonymousUser | None = None,
) -> tuple[Article, bool]:
    """Store an article whose page is fetched from ``url``; return ``(article, created)``.

    The article starts ``fetching`` with an empty body; ``article_fetch`` fills it in and hands
    it to extraction. The same URL submitted again returns the stored article. A URL that can be
    refused without a DNS lookup (not http(s), credentials, a private IP literal) is refused here.
    """
    problem = url_problem(url, allow_loopback=settings.FETCH_ALLOW_LOOPBACK)
    if problem:
        raise InvalidInput(problem)
    existing = Article.objects.filter(url=url).order_by("id").first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        article = Article.objects.create(
            title=title,
            body="",
            url=url,
            source=source,
            author=author,
            published_at=published_at,
            language=language or "en",
            # Unique placeholder until the text is known; article_fetch sets the real hash.
            content_hash=f"fetching:{uuid.uuid4().hex}",
            extraction_status=ExtractionStatus.FETCHING,
            submitted_by=submitted_by if isinstance(submitted_by, User) else None,
        )
        event_record(
            action=EventAction.ARTICLE_SUBMITTED,
            actor=submitted_by,
            article=article,
            to_state=ExtractionStatus.FETCHING,
            changes={"title": title, "source": source, "url": url},
        )
        _enqueue_fetch(article.pk)
    return article, True


def _fetch_limits() -> FetchLimits:
    return FetchLimits(
        max_bytes=settings.FETCH_MAX_BYTES,
        timeout=settings.FETCH_TIMEOUT_SECONDS,
        total_timeout=settings.FETCH_TOTAL_TIMEOUT_SECONDS,
        max_redirects=settings.FETCH_MAX_REDIRECTS,
        allow_loopback=settings.FETCH_ALLOW_LOOPBACK,
    )


def article_fetch(*, article: Article) -> bool:
    """Fetch a URL-submitted article's page, store its text and schedule extraction.

    Return True when the text was stored. Idempotent: an article no longer ``fetching`` is left
    alone. The network part runs outside any transaction. Raises ``FetchError`` (permanent) or
    ``FetchTransient`` (worth a retry) from ``claims.fetching``.
    """
    started = Article.objects.filter(
        pk=article.pk, extraction_status=ExtractionStatus.FETCHING
    ).update(
        extraction_started_at=timezone.now(),
        extraction_attempts=F("extraction_attempts") + 1,
        updated_at=timezone.now(),
    )
    if not started:
        return False
    page = page_text(fetch_page(article.url, limits=_fetch_limits()))
    problem = body_problem(page.text)
    if problem:
        raise FetchError(problem)
    digest = content_hash(page.text)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.extraction_status != ExtractionStatus.FETCHING:
            return False  # another worker stored it first
        duplicate = Article.objects.filter(content_hash=digest).exclude(pk=locked.pk).first()
        if duplicate is not None:
            # One text, one article: this row records that the URL gave a known text.
            raise FetchError(f"The page's text is already article {duplicate.pk}.")
        locked.body = page.text
        locked.content_hash = digest
        locked.title = locked.title or page.title
        locked.extraction_status = ExtractionStatus.PENDING
        locked.extraction_attempts = 0
        locked.save(
            update_fields=[
                "body",
                "content_hash",
                "title",
                "extraction_status",
                "extraction_attempts",
                "updated_at",
            ]
        )
        event_record(
            action=EventAction.ARTICLE_FETCHED,
            article=locked,
            from_state=ExtractionStatus.FETCHING,
            to_state=ExtractionStatus.PENDING,
            changes={"chars": len(page.text), "title": locked.title},
        )
        _enqueue_extraction(locked.pk)
    return True


def _enqueue_fetch(article_id: int) -> None:
    from claims.enqueue import enqueue_on_commit
    from claims.tasks import article_fetch_task

    enqueue_on_commit(article_fetch_task, article_id)


def _enqueue_extraction(article_id: int) -> None:
    from claims.enqueue import enqueue_on_commit
    from claims.tasks import article_extract_task

    enqueue_on_commit(article_extract_task, article_id)


def _threshold() -> float | None:
    value = settings.EXTRACTOR_THRESHOLD
    return None if value < 0 else value


def _embeddings(texts: list[str]) -> list[Embedding] | None:
    """Return the claims' sentence embeddings, or None when semantic matching is off."""
    if not texts or not settings.SEMANTIC_MATCHING:
        return None
    try:
        encoder = vector_store.encoder()
    except FileNotFoundError:
        logger.warning("semantic matching is off: the matcher model is not installed")
        return None
    vectors = encoder.encode(texts)
    # Load (or rebuild) the indexes now, outside the transaction that locks the article: the
    # searches inside it then only catch up with the newest rows.
    for kind in ("claims", "external"):
        vector_store.vector_index(kind=kind, model=encoder.name, catch_up=False)
    return [Embedding(vector=v, model=encoder.name) for v in vectors]


def article_extract(*, article: Article) -> int:
    """Score the article and store its claims in this process; return how many were added.

    The two stages a worker runs as two tasks (:func:`article_score`, then
    :func:`article_match`), one after the other.
    """
    if not article_score(article=article):
        return 0
    return article_match(article=article)


def article_score(*, article: Article) -> bool:
    """Run the extractor on the article and store its result; return whether one waits.

    The first stage (queue ``extraction``). Idempotent: an article already ``done`` is left
    alone, and one scored before a crash or a lost message is not scored again. The result
    waits on the row (``extraction_result``) for :func:`article_match`.
    """
    if article.extraction_status == ExtractionStatus.DONE:
        return False
    started = (
        Article.objects.filter(pk=article.pk)
        # A URL-submitted article has no text to extract until its page is fetched.
        .exclude(extraction_status__in=[ExtractionStatus.DONE, ExtractionStatus.FETCHING])
        .update(
            extraction_status=ExtractionStatus.RUNNING,
            extraction_started_at=timezone.now(),
            extraction_attempts=F("extraction_attempts") + 1,
            updated_at=timezone.now(),
        )
    )
    if not started:
        return False
    if Article.objects.filter(pk=article.pk, extraction_result__isnull=False).exists():
        return True
    result = extraction.extract(
        article.body, threshold=_threshold(), backend=settings.EXTRACTOR_BACKEND
    )
    return bool(
        Article.objects.filter(pk=article.pk, extraction_status=ExtractionStatus.RUNNING).update(
            extraction_result=extraction_to_json(result), updated_at=timezone.now()
        )
    )


def article_match(*, article: Article) -> int:
    """Match the scored candidates and store them as queued claims; return how many were added.

    The second stage (queue ``matching``): the only one that loads the sentence encoder and
    the stored claims' index. Idempotent: a re-run after a crash adds only the claims that are
    missing (spans are unique per article). Embedding runs outside any transaction; storing is
    one short transaction that locks the article row and clears the stored result.
    """
    waiting = (
        Article.objects.filter(pk=article.pk, extraction_status=ExtractionStatus.RUNNING)
        .values_list("extraction_result", flat=True)
        .first()
    )
    if waiting is None:
        return 0  # done, failed, or not scored yet (the sweep sends it to scoring again)
    result = extraction_from_json(waiting)
    # One batched encoder call for the whole article, before taking the row lock.
    embeddings = _embeddings([c.text for c in result.claims])

    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.extraction_status != ExtractionStatus.RUNNING or locked.extraction_result is None:
            return 0  # another worker finished first
        # The article row is locked, so no other worker can add spans until we commit.
        stored_spans = set(Claim.objects.filter(article=locked).values_list("start", "end"))
        fresh_at = [i for i, c in enumerate(result.claims) if (c.start, c.end) not in stored_spans]
        fresh = [result.claims[i] for i in fresh_at]
        locked.detected_language = result.language[:16]  # routing reads it (claim_placement)
        # The routing rules once for the article, not two queries per claim.
        rules, default_queue = routing_rules(), queue_default_get()
        claims = Claim.objects.bulk_create(
            [
                Claim(
                    article=locked,
                    text=c.text,
                    start=c.start,
                    end=c.end,
                    score=c.score,
                    claim_type=c.claim_type,
                    numbers=[vars(n) for n in c.numbers],
                    entities=[vars(e) for e in c.entities],
                    is_quote=c.is_quote,
                    speaker=c.speaker,
                    **claim_placement(
                        article=locked, candidate=c, rules=rules, default=default_queue
                    ),
                )
                for c in fresh
            ]
        )
        joined: list[Claim] = []
        # The article's claims together: a fixed number of queries, not a round per claim.
        claims_match(
            claims=claims,
            candidates=fresh,
            embeddings=[embeddings[at] if embeddings else None for at in fresh_at],
            spread_later=joined,
        )
        claims_priority_spread(joined)  # last, rows locked in id order: no deadlock
        if embeddings and claims:
            # Stored after matching: an article's claims are never matched with each other.
            claim_vectors_store(
                claims=claims,
                vectors=np.stack([embeddings[at].vector for at in fresh_at]),
                model=embeddings[0].model,
            )
        added = len(claims)
        previous = locked.extraction_status
        locked.extraction_status = ExtractionStatus.DONE
        locked.extraction_error = ""
        locked.extraction_note = result.note[:500]
        locked.extraction_skipped = list(result.skipped[:MAX_SKIPPED_STORED])
        locked.extractor_version = result.extractor_version
        locked.extraction_finished_at = timezone.now()
        locked.extraction_result = None
        locked.save(
            update_fields=[
                "extraction_result",
                "extraction_status",
                "extraction_error",
                "extraction_note",
                "extraction_skipped",
                "extractor_version",
                "extraction_finished_at",
                "detected_language",
                "updated_at",
            ]
        )
        event_record(
            action=EventAction.ARTICLE_EXTRACTED,
            article=locked,
            public=_joins_public_fact_check(joined),
            from_state=previous,
            to_state=ExtractionStatus.DONE,
            changes={
                "claims_added": added,
                "sentences_seen": result.sentences_seen,
                "extractor_version": result.extractor_version,
                "detected_language": result.language,
                "note": result.note,
            },
        )
    logger.info("Article %s extracted: %s claims added", article.pk, added)
    return added


# A claim in one of these states has a fact-check on the public side.
PUBLIC_CLAIM_STATUSES = (ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED, ClaimStatus.RETRACTED)


def _joins_public_fact_check(joined: list[Claim]) -> bool:
    """Whether a claim joined the cluster of a fact-check gone out (a new public appearance)."""
    clusters = {c.cluster_id for c in joined if c.cluster_id is not None}
    return bool(clusters) and (
        Claim.objects.filter(cluster_id__in=clusters, status__in=PUBLIC_CLAIM_STATUSES).exists()
    )


def article_extraction_fail(*, article: Article, error: str) -> None:
    """Record that extraction failed for good (after its retries)."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.extraction_status == ExtractionStatus.DONE:
            return
        previous = locked.extraction_status
        locked.extraction_status = ExtractionStatus.FAILED
        locked.extraction_error = error[:5000]
        locked.extraction_finished_at = timezone.now()
        locked.save(
            update_fields=[
                "extraction_status",
                "extraction_error",
                "extraction_finished_at",
                "updated_at",
            ]
        )
        event_record(
            action=EventAction.ARTICLE_EXTRACTION_FAILED,
            article=locked,
            from_state=previous,
            to_state=ExtractionStatus.FAILED,
            changes={"error": error[:500]},
        )


def article_extraction_retry(
    *, article: Article, actor: AbstractBaseUser | AnonymousUser | None = None
) -> None:
    """Put a failed article back to pending and schedule its extraction again.

    A URL-submitted article whose page was never fetched (empty body) goes back to
    ``fetching`` instead, so the retry fetches the page rather than extracting nothing.
    """
    unfetched = article.url and not article.body
    next_state = ExtractionStatus.FETCHING if unfetched else ExtractionStatus.PENDING
    with transaction.atomic():
        updated = Article.objects.filter(
            pk=article.pk, extraction_status=ExtractionStatus.FAILED
        ).update(extraction_status=next_state, extraction_attempts=0, extraction_result=None)
        if updated:
            event_record(
                action=EventAction.ARTICLE_EXTRACTION_RETRIED,
                actor=actor,
                article=article,
                from_state=ExtractionStatus.FAILED,
                to_state=next_state,
            )
            if unfetched:
                _enqueue_fetch(article.pk)
            else:
                _enqueue_extraction(article.pk)


ARTICLE_EDITABLE_FIELDS = ("title", "url", "source", "author", "published_at", "language")


def article_edit(
    *,
    article: Article,
    actor: AbstractBaseUser | AnonymousUser | None,
    values: dict[str, Any],
) -> Article:
    """Change an article's details (never its body) and record what changed.

    The body is fixed once submitted because its claims' offsets point into it; an edit that
    changes nothing records nothing.
    """
    return row_edit(
        row=article,
        values=values,
        editable=ARTICLE_EDITABLE_FIELDS,
        action=EventAction.ARTICLE_EDITED,
        actor=actor,
        label=lambda _: {},
        also_save=("updated_at",),
    )


def article_reextract(
    *, article: Article, actor: AbstractBaseUser | AnonymousUser | None = None
) -> str:
    """Run extraction again on an article; return the state it now waits in.

    A ``done`` article goes back to ``pending`` and the current extractor reads it again: only
    sentences whose spans are new become claims (spans are unique per article), so claims
    already being reviewed are untouched. A ``failed`` article is retried
    (``article_extraction_retry``). An article still being fetched or extracted is refused.
    """
    if article.extraction_status == ExtractionStatus.FAILED:
        article_extraction_retry(article=article, actor=actor)
        article.refresh_from_db(fields=["extraction_status"])
        return article.extraction_status
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.extraction_status != ExtractionStatus.DONE:
            raise IllegalTransition(
                f"Cannot extract article {locked.pk} again: its extraction is "
                f"{locked.extraction_status}, not done or failed; wait for it to finish."
            )
        locked.extraction_status = ExtractionStatus.PENDING
        locked.extraction_attempts = 0
        locked.save(update_fields=["extraction_status", "extraction_attempts", "updated_at"])
        event_record(
            action=EventAction.ARTICLE_REEXTRACTION_REQUESTED,
            actor=actor,
            article=locked,
            from_state=ExtractionStatus.DONE,
            to_state=ExtractionStatus.PENDING,
            changes={
                "extractor_version": locked.extractor_version,
                "claims": Claim.objects.filter(article=locked).count(),
            },
        )
        _enqueue_extraction(locked.pk)
    return ExtractionStatus.PENDING


def article_sweep_stuck() -> list[int]:
    """Enqueue again every article left pending or running past the deadline.

    This is what makes a broker outage at submit time, or a worker killed mid-task, cost time
    but never an article: the row is the source of truth, the message is only a wake-up.
    Articles that used up their attempts are marked failed instead.
    """
    deadline = timezone.now() - settings.EXTRACTION_STUCK_AFTER
    waiting = [ExtractionStatus.PENDING, ExtractionStatus.FETCHING]
    stuck = Article.objects.filter(
        Q(extraction_status__in=waiting, updated_at__lt=deadline)
        | Q(extraction_status=ExtractionStatus.RUNNING, extraction_started_at__lt=deadline)
    ).only("pk", "extraction_attempts", "extraction_status")
    requeued = []
    for article in stuck:
        if article.extraction_attempts >= settings.EXTRACTION_MAX_ATTEMPTS:
            article_extraction_fail(
                article=article, error="Extraction did not finish after the maximum attempts."
            )
            continue
        # Touch updated_at so the next sweep waits a full deadline before sending it again.
        Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
        with transaction.atomic():
            if article.extraction_status == ExtractionStatus.FETCHING:
                _enqueue_fetch(article.pk)
            else:
                _enqueue_extraction(article.pk)
        requeued.append(article.pk)
    if requeued:
        logger.info("Sweep re-enqueued %s stuck article(s): %s", len(requeued), requeued)
    return requeued
