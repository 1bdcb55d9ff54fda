"""The OpenAPI schema and its docs page, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_lists_the_api_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/queues/"} <= set(paths)
    assert "post" in paths["/api/v1/articles/"]


def test_docs_page_loads_its_assets_from_this_server_only(client: Client) -> None:
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
