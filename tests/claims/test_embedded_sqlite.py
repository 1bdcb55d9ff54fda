"""The embedded default (SQLite, no DATABASE_URL) extracts, matches and leases too.

The rest of the suite runs on PostgreSQL; matching and leasing have hand-written PostgreSQL
statements with portable fallbacks, and this runs those fallbacks in a process of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = """
import json
from pathlib import Path
from django.contrib.auth.models import Group, User
from claims import services
from claims.models import Article, Claim, ClaimConflict
from claims.routing import queue_default_get
from claims.text_checks import content_hash
from reviews import leases
from reviews.roles import roles_and_ratings_ensure

body = sorted(Path("seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
for extra in ("", " Unemployment rose to 12 per cent in 2024, the ministry said."):
    text = body + extra
    article = Article.objects.create(title="Seed", body=text, content_hash=content_hash(text))
    services.article_extract(article=article)
roles_and_ratings_ensure()
rita = User.objects.create_user("rita", password="x" * 20)
rita.groups.add(Group.objects.get(name="reviewer"))
rita = User.objects.get(pk=rita.pk)
leased = leases.claim_lease_next(queue=queue_default_get(), reviewer=rita)
released = leases.claim_lease_release(claim=leased, reviewer=rita)
print(json.dumps({
    "claims": Claim.objects.count(),
    "clustered": Claim.objects.exclude(cluster=None).count(),
    "repeats_raised": Claim.objects.filter(priority__gt=1).count(),
    "leased": leased.status, "released": released.status, "title": leased.article.title,
}))
"""


def test_extraction_matching_and_leases_run_on_sqlite(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"FACTCHECK_VAR_DIR": str(tmp_path), "CELERY_TASK_ALWAYS_EAGER": "1"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    done = subprocess.run(
        [*manage, "shell", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert (tmp_path / "db.sqlite3").exists()
    assert result["claims"] > 10
    # the second article repeats the first: its claims joined the first one's clusters
    assert result["clustered"] == result["claims"]
    assert result["repeats_raised"] > 0
    assert (result["leased"], result["released"]) == ("in_review", "candidate")
    assert result["title"] == "Seed"
