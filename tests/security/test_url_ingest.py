"""Ingest by URL end to end: API → fetch task → article text → extraction scheduled."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Event, ExtractionStatus
from claims.tasks import article_fetch_task

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(60)]

PAGE = (
    b"<html><head><title>Jobs report</title></head><body><nav>Home | World | Sport</nav>"
    b"<article><h1>Jobs report</h1><p>The ministry said unemployment fell to 4.1% in 2024, "
    b"the lowest since 1990. Economists had expected a smaller fall.</p><p>Exports rose by 12% "
    b"over the year, the statistics office said on Tuesday.</p></article>"
    b"<footer>Terms of use. Please subscribe.</footer></body></html>"
)


@pytest.fixture
def page_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving one article page at /story."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/story":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story"
    server.shutdown()
    server.server_close()


def test_a_url_only_submission_is_fetched_and_scheduled_for_extraction(
    api: APIClient,
    page_server: str,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # GIVEN loopback fetching allowed (tests only) and a URL-only submission
    settings.FETCH_ALLOW_LOOPBACK = True
    response = api.post("/api/v1/articles/", {"url": page_server}, format="json")
    assert response.status_code == 201
    assert response.data["extraction_status"] == "fetching"

    # WHEN the fetch task runs
    with django_capture_on_commit_callbacks() as extraction_sends:
        article_fetch_task.apply(args=(response.data["id"],))

    # THEN the article holds the page's text (not its menus), and extraction is scheduled
    article = Article.objects.get(pk=response.data["id"])
    assert article.extraction_status == ExtractionStatus.PENDING
    assert "unemployment fell to 4.1% in 2024" in article.body
    assert "Terms of use" not in article.body
    assert article.title == "Jobs report"
    assert len(extraction_sends) == 1
    assert list(
        Event.objects.filter(article=article).order_by("id").values_list("action", flat=True)
    ) == ["article.submitted", "article.fetched"]


def test_the_same_url_twice_is_one_article(api: APIClient) -> None:
    first = api.post("/api/v1/articles/", {"url": "https://example.org/a"}, format="json")
    second = api.post("/api/v1/articles/", {"url": "https://example.org/a"}, format="json")

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.data["id"] == first.data["id"]


def test_a_refused_url_is_recorded_as_failed_with_the_reason(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a URL whose name resolves to the cloud metadata address
    response = api.post(
        "/api/v1/articles/", {"url": "http://metadata.example.org/latest"}, format="json"
    )

    def metadata(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    def no_connection(self: socket.socket, address: Any) -> None:
        pytest.fail(f"a connection to {address} was attempted")

    monkeypatch.setattr(socket, "getaddrinfo", metadata)
    monkeypatch.setattr(socket.socket, "connect", no_connection)

    # WHEN the fetch task runs
    article_fetch_task.apply(args=(response.data["id"],))

    # THEN nothing was fetched and the article says why
    article = Article.objects.get(pk=response.data["id"])
    assert article.extraction_status == ExtractionStatus.FAILED
    assert "169.254.169.254 is a link-local address" in article.extraction_error
    assert article.body == ""


def test_the_sweep_sends_a_stuck_fetch_again(api: APIClient) -> None:
    response = api.post("/api/v1/articles/", {"url": "https://example.org/b"}, format="json")
    Article.objects.filter(pk=response.data["id"]).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )

    assert services.article_sweep_stuck() == [response.data["id"]]


def test_an_unfetched_article_is_never_extracted_empty(api: APIClient) -> None:
    response = api.post("/api/v1/articles/", {"url": "https://example.org/c"}, format="json")
    article = Article.objects.get(pk=response.data["id"])

    added = services.article_extract(article=article)

    article.refresh_from_db()
    assert added == 0
    assert article.extraction_status == ExtractionStatus.FETCHING


def test_retrying_a_failed_fetch_fetches_again(
    api: APIClient, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    response = api.post("/api/v1/articles/", {"url": "https://example.org/d"}, format="json")
    article = Article.objects.get(pk=response.data["id"])
    services.article_extraction_fail(article=article, error="FetchError: HTTP 404")

    with django_capture_on_commit_callbacks() as sends:
        services.article_extraction_retry(article=Article.objects.get(pk=article.pk))

    article.refresh_from_db()
    assert article.extraction_status == ExtractionStatus.FETCHING
    assert len(sends) == 1
