"""Corrections wait for a second editor: the states "proposed" and "returned".

A proposed correction waits beside the published version it corrects, so "one current
version per claim" becomes "one open version (draft, submitted, approved, proposed) and one
published version per claim".
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0010_correction_and_cluster_event_actions'),
        ('reviews', '0007_queue_event_boost_to_claims'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='review',
            name='review_one_current_per_claim',
        ),
        migrations.AlterField(
            model_name='review',
            name='correction_reason',
            field=models.TextField(blank=True, help_text='Why this version replaces the last (corrections only).'),
        ),
        migrations.AlterField(
            model_name='review',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved'), ('published', 'Published'), ('superseded', 'Superseded'), ('retracted', 'Retracted'), ('proposed', 'Proposed correction'), ('returned', 'Returned correction')], default='draft', max_length=16),
        ),
        migrations.AlterField(
            model_name='review',
            name='supersedes',
            field=models.OneToOneField(blank=True, help_text='The version this correction replaced; set when the correction is published.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='reviews.review'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['draft', 'submitted', 'approved', 'proposed'])), fields=('claim',), name='review_one_open_per_claim'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'published')), fields=('claim',), name='review_one_published_per_claim'),
        ),
    ]
