"""Move Queue, PriorityBoost and Event from ``reviews`` to ``claims``: state only.

The tables keep their names (``reviews_queue``, ``reviews_priorityboost``, ``reviews_event``)
and the audit log keeps its append-only trigger; nothing in the database changes but the
content types' app label. ``reviews`` migration 0007 removes the models from its own state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_types(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(
        app_label="reviews", model__in=["queue", "priorityboost", "event"]
    ).update(app_label="claims")


def unlabel_content_types(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(
        app_label="claims", model__in=["queue", "priorityboost", "event"]
    ).update(app_label="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_article_extraction_skipped"),
        ("reviews", "0006_event_skipped_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Queue",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100)),
                        ("slug", models.SlugField(unique=True)),
                        ("description", models.TextField(blank=True)),
                        ("is_default", models.BooleanField(default=False)),
                        ("routing_order", models.PositiveIntegerField(default=100, help_text="Lower rules match first.")),
                        ("route_keywords", models.JSONField(blank=True, default=list, help_text="Any of these words in the claim (case-insensitive).")),
                        ("route_entities", models.JSONField(blank=True, default=list, help_text="Any of these named entities in the claim.")),
                        ("route_languages", models.JSONField(blank=True, default=list, help_text="Article language codes, e.g. ['en', 'fr'].")),
                        ("route_sources", models.JSONField(blank=True, default=list, help_text="Article sources (publisher names).")),
                        ("sla_hours", models.PositiveIntegerField(blank=True, help_text="A claim waiting longer than this is overdue.", null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "reviews_queue",
                        "ordering": ["name"],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("is_default", True)), fields=("is_default",), name="one_default_queue")],
                    },
                ),
                migrations.CreateModel(
                    name="PriorityBoost",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("amount", models.FloatField()),
                        ("reason", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("boosted_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("claim", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="boosts", to="claims.claim")),
                    ],
                    options={"db_table": "reviews_priorityboost"},
                ),
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(max_length=64)),
                        ("from_state", models.CharField(blank=True, max_length=32)),
                        ("to_state", models.CharField(blank=True, max_length=32)),
                        ("changes", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("article", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="events", to="claims.article")),
                        ("claim", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="events", to="claims.claim")),
                    ],
                    options={
                        "db_table": "reviews_event",
                        "ordering": ["created_at", "id"],
                        "indexes": [models.Index(condition=models.Q(("action", "claim.skipped")), fields=["actor", "claim"], name="event_skipped_by_actor_idx")],
                    },
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="queue",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="claims", to="claims.queue"),
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, unlabel_content_types),
    ]
