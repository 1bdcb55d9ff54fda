"""Loading the seed articles is idempotent and keeps their text exactly."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from claims.models import Article
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_load_seeds_twice_loads_each_article_once_with_its_metadata() -> None:
    call_command("load_seeds", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_seeds", stdout=out)

    articles = {a.source: a for a in Article.objects.all()}
    assert set(articles) == {"euromaidanpress.com", "share-talk.com"}
    assert articles["euromaidanpress.com"].title == (
        "US Pressure on Russia Eases as Ukraine War Falters"
    )
    seed = (ROOT / "seeds" / "000_674b76fd6d3d52af.txt").read_text(encoding="utf-8")
    assert articles["euromaidanpress.com"].body == seed
    assert out.getvalue().count("already loaded") == 2
