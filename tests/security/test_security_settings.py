"""Production settings, the Content-Security-Policy, login throttling, anonymous access."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, reverse

from claims.urls import urlpatterns as claim_api_urls
from reviews.urls import urlpatterns as review_api_urls
from tests.conftest import ROOT
from tests.factories import ArticleFactory, UserFactory
from tests.reviews.factories import user_with_role

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3#n9-production-like-secret-for-the-deploy-check-7Qz!xV2@pLm8&wR5",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/factcheck",
}


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FETCH_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings() -> None:
    result = _manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must be set"),
        ({"FETCH_ALLOW_LOOPBACK": "1"}, "FETCH_ALLOW_LOOPBACK is for tests only"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    change: dict[str, str], message: str
) -> None:
    result = _manage({**PRODUCTION, **change}, "check")

    assert result.returncode != 0
    assert message in result.stderr


# --- Content-Security-Policy -------------------------------------------------------------


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.django_db
def test_dashboard_pages_have_a_policy_without_inline_scripts(client: Client) -> None:
    client.force_login(user_with_role("reviewer"))
    for path in ("/", "/login/"):
        policy = _policy(client.get(path))

        assert policy["script-src"] == "'self'"
        assert "unsafe-inline" not in policy.get("style-src", "")
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"


def test_no_template_carries_an_inline_script() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_api_docs_load_only_our_own_scripts_under_their_policy(client: Client) -> None:
    # GIVEN the Swagger UI page
    response = client.get("/api/docs/")
    html = response.content.decode()
    policy = _policy(response)
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]

    # THEN its scripts are all files from our own origin, allowed by script-src 'self'
    assert response.status_code == 200
    assert policy["script-src"] == "'self'"
    assert all(sources), f"inline script on the docs page: {scripts}"
    paths = [m.group(1) for m in sources if m]
    assert all(p.startswith("/") for p in paths)
    # the sidecar bundles are served from our static files, and the init script by the view
    for path in paths:
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")) is not None, path
    init = client.get(next(p for p in paths if p.startswith("/api/docs/")))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


# --- Login throttling (django-axes) --------------------------------------------------------


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_out(client: Client, settings: Any) -> None:
    # GIVEN a reviewer, and someone guessing her password from one address
    cache.clear()
    UserFactory.create(username="reviewer", password="right-horse-battery-staple")
    limit = settings.AXES_FAILURE_LIMIT
    guesses = [
        client.post("/login/", {"username": "reviewer", "password": "wrong"}).status_code
        for _ in range(limit)
    ]
    # the form again with an error, until the limit-th failure locks the pair out
    assert guesses == [200] * (limit - 1) + [429]

    # WHEN the right password comes next from the same address
    locked = client.post(
        "/login/", {"username": "reviewer", "password": "right-horse-battery-staple"}
    )
    # while another user on that address is not affected
    other = UserFactory.create(username="editor", password="another-long-passphrase")
    editor = client.post(
        "/login/", {"username": other.username, "password": "another-long-passphrase"}
    )

    # THEN the locked pair gets 429, the other user logs in
    assert locked.status_code == 429
    assert editor.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client: Client, settings: Any) -> None:
    UserFactory.create(username="reviewer", password="right-horse-battery-staple")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": "reviewer", "password": "wrong"})
    assert (
        client.post(
            "/login/", {"username": "reviewer", "password": "right-horse-battery-staple"}
        ).status_code
        == 302
    )
    client.logout()

    wrong_again = client.post("/login/", {"username": "reviewer", "password": "wrong"})

    assert wrong_again.status_code == 200


# --- Anonymous users see nothing but published material -------------------------------------

API_PATTERNS = [*claim_api_urls, *review_api_urls]

# Endpoints meant for the public (published fact-checks) name themselves so; none are
# listed here yet, and each one added must show only published material.
PUBLIC_NAMES = {name for p in API_PATTERNS if (name := getattr(p, "name", "")) and "public" in name}


def _api_paths() -> list[tuple[str, str]]:
    routes = []
    for pattern in API_PATTERNS:
        assert isinstance(pattern, URLPattern)
        if pattern.name in PUBLIC_NAMES:
            continue
        kwargs = {name: "default" if name == "slug" else 1 for name in pattern.pattern.converters}
        routes.append((pattern.name or "", reverse(pattern.name, kwargs=kwargs)))
    return routes


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), _api_paths())
def test_anonymous_users_get_nothing_from_non_public_endpoints(name: str, path: str) -> None:
    ArticleFactory.create(id=1)
    anonymous = Client()

    read = anonymous.get(path)
    write = anonymous.post(path, {}, content_type="application/json")

    assert read.status_code in (401, 403, 405), (name, read.status_code)
    assert write.status_code in (401, 403, 405), (name, write.status_code)
    assert b"content_hash" not in read.content


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page_from_the_dashboard() -> None:
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
