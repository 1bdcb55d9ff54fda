"""Submitting articles through the API: the happy path, duplicates, and bad input."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Article, Event

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"
BODY = "The ministry said unemployment fell to 4.1% in 2024, the lowest since 1990."


def test_submit_returns_201_with_id_and_pending_status(api: APIClient) -> None:
    response = api.post(
        URL, {"title": "Jobs", "body": BODY, "source": "example.org"}, format="json"
    )

    assert response.status_code == 201
    article = Article.objects.get(pk=response.data["id"])
    assert response.data["extraction_status"] == "pending"
    assert article.body == BODY
    assert Event.objects.filter(article=article, action="article.submitted").count() == 1


def test_same_body_again_returns_the_existing_article_not_a_copy(api: APIClient) -> None:
    first = api.post(URL, {"body": BODY}, format="json")
    again = api.post(URL, {"body": "  " + BODY.replace(" ", "  ") + "\n"}, format="json")

    assert again.status_code == 200
    assert again.data["id"] == first.data["id"]
    assert again.data["created"] is False
    assert Article.objects.count() == 1


def test_article_detail_shows_status_and_claims(api: APIClient) -> None:
    article_id = api.post(URL, {"body": BODY, "title": "Jobs"}, format="json").data["id"]

    response = api.get(f"{URL}{article_id}/")

    assert response.status_code == 200
    assert response.data["title"] == "Jobs"
    assert response.data["extraction_status"] == "pending"
    assert response.data["claims"] == []


def test_anonymous_caller_cannot_submit_or_read(db: None) -> None:
    client = APIClient()

    assert client.post(URL, {"body": BODY}, format="json").status_code in (401, 403)
    assert client.get(URL).status_code in (401, 403)
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field", "message_part"),
    [
        ({"body": ""}, "body", "blank"),
        ({"body": "   \n\t "}, "body", "empty"),
        ({"title": "No body"}, "body", "required"),
        ({"body": "Text\x00with NUL"}, "body", "Null characters"),
        ({"body": "\x01\x02\x03\x04 binary \x05\x06\x07\x08"}, "body", "control characters"),
        ({"body": BODY, "url": "not a url"}, "url", "valid URL"),
        ({"body": BODY, "url": "ftp://example.org/a"}, "url", "http"),
        ({"body": BODY, "language": "english!"}, "language", "language tag"),
        ({"body": BODY, "published_at": "yesterday"}, "published_at", "format"),
        ({"body": BODY, "titel": "typo"}, "titel", "Unknown field"),
        ({"body": 12345}, "body", "string"),
    ],
)
def test_bad_input_gets_a_field_level_400_and_stores_nothing(
    api: APIClient, payload: dict[str, object], field: str, message_part: str
) -> None:
    response = api.post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid"
    messages = " ".join(str(m) for m in response.data["error"]["fields"][field])
    assert message_part in messages
    assert Article.objects.count() == 0


def test_body_over_the_configured_limit_is_refused(api: APIClient) -> None:
    with override_settings(ARTICLE_BODY_MAX_CHARS=100):
        response = api.post(URL, {"body": "word " * 30}, format="json")

    assert response.status_code == 400
    assert "limit is 100" in str(response.data["error"]["fields"]["body"])
    assert Article.objects.count() == 0


def test_request_over_the_upload_limit_gets_413(api: APIClient) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = api.post(URL, {"body": "word " * 1000}, format="json")

    assert response.status_code == 413
    assert response.data["error"]["code"] == "too_large"
    assert Article.objects.count() == 0


def test_non_json_body_is_refused(api: APIClient) -> None:
    binary = api.post(URL, b"\x89PNG\r\n\x1a\n\x00\x00", content_type="application/json")
    form = api.post(URL, b"body=hello", content_type="application/x-www-form-urlencoded")

    assert binary.status_code == 400
    assert "JSON" in binary.data["error"]["message"]
    assert form.status_code == 415
    assert Article.objects.count() == 0


def test_html_and_script_in_the_body_are_stored_as_text(api: APIClient) -> None:
    hostile = "<script>alert('x')</script> The mayor said 40% of roads were repaired in 2023."

    response = api.post(URL, {"body": hostile, "title": "<b>t</b>"}, format="json")

    assert response.status_code == 201
    assert Article.objects.get(pk=response.data["id"]).body == hostile
