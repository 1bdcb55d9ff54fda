"""Give every rating of the scale its own value (the 1-6 scale gave two values to two labels each).

The default ratings take their values from ``reviews.rating_scale`` (1..8; docs/decisions.md,
"The rating scale"); every rating's best and worst become the scale's. A rating an admin added
keeps its value, unless it now shares one or falls outside the scale, which stops the
migration with a message saying what to change.
"""

from django.db import migrations, models

from reviews.rating_scale import BEST_VALUE, DEFAULT_SCALE, WORST_VALUE


def renumber(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rating = apps.get_model("reviews", "Rating")
    steps = {step.slug: step for step in DEFAULT_SCALE}
    for rating in Rating.objects.all():
        step = steps.get(rating.slug)
        if step is not None:
            rating.value = step.value
            rating.position = DEFAULT_SCALE.index(step)
        rating.best_value, rating.worst_value = BEST_VALUE, WORST_VALUE
        rating.save(update_fields=["value", "position", "best_value", "worst_value"])
    taken: dict[int, str] = {}
    for rating in Rating.objects.order_by("value", "slug"):
        if not WORST_VALUE <= rating.value <= BEST_VALUE:
            raise RuntimeError(
                f"Rating {rating.slug!r} has the value {rating.value}, outside the scale "
                f"{WORST_VALUE}..{BEST_VALUE}; change it and migrate again."
            )
        if rating.value in taken:
            raise RuntimeError(
                f"Ratings {taken[rating.value]!r} and {rating.slug!r} share the value "
                f"{rating.value}; give one of them another value between {WORST_VALUE} and "
                f"{BEST_VALUE} and migrate again."
            )
        taken[rating.value] = rating.slug


class Migration(migrations.Migration):
    dependencies = [("reviews", "0008_correction_proposals")]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=("value",), name="rating_unique_value"),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value__gte", models.F("worst_value")), ("value__lte", models.F("best_value"))
                ),
                name="rating_value_within_scale",
            ),
        ),
    ]
