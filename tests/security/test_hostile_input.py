"""Hostile input gets a clear 4xx (or is stored as inert text), never a 500 or a hang."""

from __future__ import annotations

import io
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from claims import extraction, services
from claims.models import Article, Claim, ExtractionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE claims_article; -- \" OR 1=1 --"


def _error(response: Any) -> dict[str, Any]:
    return json.loads(response.content)["error"]


def test_a_request_over_the_size_limit_is_413_and_stores_nothing(
    api: APIClient, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.post("/api/v1/articles/", {"body": "x " * 10_000}, format="json")

    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"
    assert not Article.objects.exists()


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_json_is_a_400_not_a_crash(api: APIClient, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    response = api.generic(
        "POST", "/api/v1/articles/", f'{{"body": {nested}}}', content_type="application/json"
    )

    assert response.status_code == 400
    assert _error(response)["code"] == "parse_error"
    assert "nested deeper" in _error(response)["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("\ud800 lone surrogate", "Surrogate characters are not allowed"),  # DRF's own check
        ("text\x00with NUL", "Null characters are not allowed"),
        ("\x01\x02\x03\x04" * 50, "control characters"),
        (" \u3000\n\t\u00a0 ", "empty"),  # only (Unicode) whitespace
    ],
)
def test_unusable_unicode_bodies_are_refused_with_the_reason(
    api: APIClient, body: str, message: str
) -> None:
    payload = json.dumps({"body": body})  # json.dumps writes the lone surrogate as \ud800
    response = api.generic("POST", "/api/v1/articles/", payload, content_type="application/json")

    assert response.status_code == 400
    assert message in " ".join(_error(response)["fields"]["body"])


@pytest.mark.parametrize(
    "body",
    [
        "The minister said \u202eexports fell 5%\u202c in 2024.",  # right-to-left override
        "Emoji 🧪 and flags 🇺🇦 in a claim that GDP grew 3% in 2023.",
        "Combining: the cafe\u0301 served 2,000 people in 2022, officials said.",
        "Arabic: قال الوزير إن البطالة انخفضت إلى 4.1% في 2024.",
        "ﬁnance ministry said 12 % — non-breaking\u00a0spaces and ligatures.",
    ],
)
def test_unicode_edge_cases_are_stored_and_offsets_stay_true(api: APIClient, body: str) -> None:
    response = api.post("/api/v1/articles/", {"body": body}, format="json")
    assert response.status_code == 201

    article = Article.objects.get(pk=response.data["id"])
    added = services.article_extract(article=article)

    assert article.body == body
    for claim in Claim.objects.filter(article=article):
        assert body[claim.start : claim.end] == claim.text
    assert added == Claim.objects.filter(article=article).count()


def test_nfc_and_nfd_spellings_are_the_same_article(api: APIClient) -> None:
    text = "The café in Zürich served 2,000 people in 2022."
    first = api.post("/api/v1/articles/", {"body": text}, format="json")
    second = api.post(
        "/api/v1/articles/", {"body": unicodedata.normalize("NFD", text)}, format="json"
    )

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.data["id"] == first.data["id"]


@pytest.mark.timeout(60)
def test_a_very_long_single_sentence_is_extracted_within_bounds() -> None:
    # 400,000 characters and not one full stop: segmentation must not go quadratic
    body = " ".join(f"word{i} rose by {i % 97}%" for i in range(30_000))
    result = extraction.extract(body, threshold=None, backend="light")

    assert all(body[c.start : c.end] == c.text for c in result.claims)


def test_sql_looking_text_is_stored_verbatim(api: APIClient) -> None:
    response = api.post(
        "/api/v1/articles/",
        {"title": SQL, "source": SQL, "author": SQL, "body": f"{SQL} Jobs fell 4% in 2024."},
        format="json",
    )

    assert response.status_code == 201
    article = Article.objects.get(pk=response.data["id"])
    assert article.title == SQL
    assert article.author == SQL
    with connection.cursor() as cursor:  # the table is still there
        cursor.execute("SELECT count(*) FROM claims_article")
        assert cursor.fetchone()[0] == 1


def test_markup_in_every_text_field_is_escaped_on_every_page(
    api: APIClient, client: Client, user: Any
) -> None:
    # GIVEN an article whose every text field carries markup, extracted into the queue
    body = f"{SCRIPT} The ministry said unemployment fell to 4.1% in 2024 {SCRIPT}."
    response = api.post(
        "/api/v1/articles/",
        {"title": SCRIPT, "source": SCRIPT, "author": SCRIPT, "body": body},
        format="json",
    )
    article = Article.objects.get(pk=response.data["id"])
    services.article_extract(article=article)
    assert Claim.objects.filter(article=article, text__contains="<script>").exists()
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)

    # WHEN the pages that show them are rendered
    pages = [
        client.get("/"),
        client.get(f"/admin/claims/article/{article.pk}/change/"),
        client.get("/admin/claims/article/"),
        client.get("/admin/claims/claim/"),
    ]

    # THEN the markup is shown as text, never as markup
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in html
        assert "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in pages[0].content.decode()
    # and the API gives it back as JSON data, byte for byte
    assert api.get(f"/api/v1/articles/{article.pk}/").data["title"] == SCRIPT


def test_url_only_submission_is_stored_as_fetching_and_refuses_private_urls(
    api: APIClient,
) -> None:
    accepted = api.post("/api/v1/articles/", {"url": "https://example.org/jobs"}, format="json")
    private = api.post("/api/v1/articles/", {"url": "http://169.254.169.254/"}, format="json")
    neither = api.post("/api/v1/articles/", {"title": "no body"}, format="json")

    assert accepted.status_code == 201
    assert accepted.data["extraction_status"] == ExtractionStatus.FETCHING
    assert private.status_code == 400
    assert "non-public" in " ".join(_error(private)["fields"]["url"])
    assert neither.status_code == 400
    assert "required unless a url" in " ".join(_error(neither)["fields"]["body"])


# --- File import: load_seeds --dir -------------------------------------------------------


def test_load_seeds_refuses_a_symlink_that_escapes_the_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash")
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "001_real.txt").write_text("Unemployment fell to 4.1% in 2024.")
    os.symlink(secret, folder / "002_passwd.txt")

    with pytest.raises(CommandError, match="points outside"):
        call_command("load_seeds", "--dir", str(folder), stdout=io.StringIO())
    assert not Article.objects.exists()


def test_load_seeds_refuses_a_metadata_symlink_that_escapes_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "001_real.txt").write_text("Unemployment fell to 4.1% in 2024.")
    os.symlink("/etc/hostname", folder / "001_real.json")

    with pytest.raises(CommandError, match="points outside"):
        call_command("load_seeds", "--dir", str(folder), stdout=io.StringIO())


@pytest.mark.parametrize("folder", ["../../../../etc/passwd", "/nonexistent/../../etc/shadow"])
def test_load_seeds_refuses_a_dir_that_is_not_a_folder(folder: str) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("load_seeds", "--dir", folder, stdout=io.StringIO())


def test_load_seeds_refuses_a_binary_file_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "001_blob.txt").write_bytes(b"\xff\xfe\x00\x81binary")

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_seeds", "--dir", str(tmp_path), stdout=io.StringIO())
