"""Queue, PriorityBoost and Event now belong to ``claims`` (its migration 0007): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_event_skipped_index"),
        ("claims", "0007_queue_event_boost_from_reviews"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Event"),
                migrations.DeleteModel(name="PriorityBoost"),
                migrations.DeleteModel(name="Queue"),
            ],
        ),
    ]
