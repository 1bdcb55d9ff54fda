"""The article pages: details edited through a service, extraction run again on demand."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from claims import services
from claims.models import Article, Claim, Event, ExtractionStatus
from tests.admin.conftest import messages_of, run_action
from tests.factories import ArticleFactory
from tests.reviews.factories import ClaimFactory

ARTICLES = "/admin/claims/article/"
BODY = (
    "The ministry said unemployment fell to 4.1% in 2024, the lowest level since 1990. "
    "Exports grew by 12% last year, according to the statistics office."
)


def test_extract_again_on_a_done_article_re_extracts_it_and_keeps_its_claims(
    operator_client: Client, operator: User
) -> None:
    # GIVEN an article extracted by an older extractor, which kept one of its sentences
    article = ArticleFactory.create(
        body=BODY, extraction_status=ExtractionStatus.DONE, extractor_version="pipeline-0+old"
    )
    end = BODY.index(" Exports")
    kept = ClaimFactory.create(article=article, text=BODY[:end], start=0, end=end)

    # WHEN an operator asks for extraction again
    response = run_action(operator_client, ARTICLES, "extract_again", [article])

    # THEN the admin says it was queued, the log records who asked and what it had
    assert messages_of(response) == [
        f"Article {article.pk}: extraction queued again (was done, now pending)."
    ]
    assert Article.objects.get(pk=article.pk).extraction_status == ExtractionStatus.PENDING
    event = Event.objects.get(article=article, action="article.reextraction_requested")
    assert event.actor == operator
    assert event.changes == {"extractor_version": "pipeline-0+old", "claims": 1}

    # AND WHEN the worker runs it, the current extractor adds only the sentences that are new
    services.article_extract(article=Article.objects.get(pk=article.pk))
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.extraction_status == ExtractionStatus.DONE
    assert fresh.extractor_version != "pipeline-0+old"
    spans = list(Claim.objects.filter(article=article).values_list("start", "end"))
    assert spans.count((kept.start, kept.end)) == 1
    assert len(spans) == 2


def test_extract_again_retries_a_failed_article(operator_client: Client) -> None:
    article = ArticleFactory.create(extraction_status=ExtractionStatus.FAILED)

    response = run_action(operator_client, ARTICLES, "extract_again", [article])

    assert messages_of(response) == [
        f"Article {article.pk}: extraction queued again (was failed, now pending)."
    ]
    assert Event.objects.filter(article=article, action="article.extraction_retried").exists()


def test_extract_again_says_why_it_refuses_an_article_being_extracted(
    operator_client: Client,
) -> None:
    article = ArticleFactory.create(extraction_status=ExtractionStatus.RUNNING)

    response = run_action(operator_client, ARTICLES, "extract_again", [article])

    assert messages_of(response) == [
        f"Article {article.pk}: Cannot extract article {article.pk} again: its extraction is "
        "running, not done or failed; wait for it to finish."
    ]
    assert Article.objects.get(pk=article.pk).extraction_status == ExtractionStatus.RUNNING
    assert not Event.objects.filter(article=article).exists()


def test_editing_an_articles_details_is_logged_with_the_fields_changed(
    editor_client: Client, desk_editor: User
) -> None:
    # GIVEN a submitted article
    article = ArticleFactory.create(title="Jobs", source="example.org")
    form = {
        "title": "Jobs report",
        "url": "",
        "source": "example.org",
        "author": "",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }

    # WHEN an editor corrects its title and tries to change its body too
    response = editor_client.post(
        f"{ARTICLES}{article.pk}/change/", {**form, "body": "A different text."}
    )

    # THEN the title changed, the body did not, and the log says who changed what
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.title, fresh.body) == ("Jobs report", article.body)
    event = Event.objects.get(article=article, action="article.edited")
    assert event.actor == desk_editor
    assert event.changes == {"changed": {"title": ["Jobs", "Jobs report"]}}


def test_submitting_an_article_in_the_admin_goes_through_the_submit_service(
    editor_client: Client, desk_editor: User
) -> None:
    response = editor_client.post(
        f"{ARTICLES}add/",
        {
            "title": "Trade",
            "body": BODY,
            "url": "",
            "source": "example.org",
            "author": "",
            "published_at_0": "",
            "published_at_1": "",
            "language": "en",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="Trade")
    assert article.submitted_by == desk_editor
    assert Event.objects.filter(article=article, action="article.submitted").exists()
