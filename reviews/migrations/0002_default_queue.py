"""Create the default queue every claim lands in unless a routing rule says otherwise."""

from django.db import migrations


def create_default_queue(apps, schema_editor):  # type: ignore[no-untyped-def]
    Queue = apps.get_model("reviews", "Queue")
    Queue.objects.get_or_create(slug="default", defaults={"name": "General", "is_default": True})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(create_default_queue, migrations.RunPython.noop)]
