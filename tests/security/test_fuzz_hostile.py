"""Generated hostile input at the extractor and at submission: no crash, no 5xx, no hang."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims import extraction
from tests.reviews.factories import user_with_role

# Text as hostile as Unicode allows: every category (controls, format characters such as
# RTL overrides, combining marks, private use, surrogates), markup, SQL and long runs.
_any_char = st.characters(codec=None, exclude_categories=())
_fragments = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE claims_article; --",
        "../../etc/passwd",
        "\u202e",
        "\u200b",
        "\x00",
        "The ministry said unemployment fell to 4.1% in 2024.",
        "“Quoted,” she said.",
        "1,000,000,000,000,000,000,000%",
        "Mr. Dr. St. U.S. e.g. i.e.",
        "." * 50,
        "\n" * 20,
        "a" * 5000,
    ]
)
hostile_text = st.lists(st.one_of(st.text(_any_char, max_size=200), _fragments), max_size=30).map(
    "".join
)


@pytest.mark.timeout(300)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=hostile_text)
def test_the_extractor_survives_hostile_text_and_keeps_offsets_true(body: str) -> None:
    result = extraction.extract(body, threshold=None, backend="light")

    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(body)
        assert body[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0


_json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text
)
_json_value = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
_fields = st.sampled_from(
    ["title", "body", "url", "source", "author", "published_at", "language", "titel"]
)
submission = st.one_of(
    st.dictionaries(_fields, _json_value, max_size=8),
    st.dictionaries(_fields, hostile_text, max_size=8),
    _json_value,
)


@pytest.fixture
def submitter(db: Any) -> User:
    """A submitter (may only submit), made once per test rather than once per example."""
    return user_with_role("submitter", username="fuzzer")


@pytest.mark.django_db
@pytest.mark.timeout(300)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=submission)
def test_submission_never_answers_5xx_to_generated_input(payload: Any, submitter: User) -> None:
    client = APIClient()
    client.force_authenticate(submitter)

    # json.dumps keeps lone surrogates as \ud800 escapes, as a hostile client would send them
    response = client.generic(
        "POST", "/api/v1/articles/", json.dumps(payload), content_type="application/json"
    )

    assert response.status_code < 500, response.content[:500]
    assert response.status_code in (200, 201, 400), response.content[:500]


@pytest.mark.django_db
@pytest.mark.timeout(120)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=st.binary(max_size=2000))
def test_submission_never_answers_5xx_to_raw_bytes(raw: bytes, submitter: User) -> None:
    client = APIClient()
    client.force_authenticate(submitter)

    response = client.generic(
        "POST",
        "/api/v1/articles/",
        raw,  # type: ignore[arg-type]  # Django sends bytes as they are
        content_type="application/json",
    )

    assert response.status_code < 500, response.content[:500]
