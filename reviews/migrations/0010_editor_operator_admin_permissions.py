"""Let editors and operators (the admin role) work in the Django admin.

Editors see articles, claims, clusters, queues, verdicts and the audit log, submit and edit
articles and relabel clusters; operators also run queues, the rating scale, users and tokens.
Workflow changes in the admin are actions that call the services, which check the roles'
workflow permissions (migration 0004). Fresh databases get the same from
``reviews.roles.roles_and_ratings_ensure``.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

EDITOR = [
    "claims.view_article",
    "claims.add_article",
    "claims.change_article",
    "claims.view_claim",
    "claims.view_claimcluster",
    "claims.change_claimcluster",
    "claims.view_queue",
    "claims.view_event",
    "reviews.view_review",
    "reviews.view_evidence",
    "reviews.view_dismissal",
    "reviews.view_rating",
]
OPERATOR = [
    *EDITOR,
    "claims.add_queue",
    "claims.change_queue",
    "reviews.add_rating",
    "reviews.change_rating",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    "auth.add_group",
    "auth.change_group",
    "authtoken.view_tokenproxy",
    "authtoken.add_tokenproxy",
    "authtoken.delete_tokenproxy",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]
ROLES = {"editor": EDITOR, "admin": OPERATOR}


def grant(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Permissions are normally made after migrate; the groups need them now.
    for label in ("claims", "reviews", "auth", "authtoken", "axes"):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLES.items():
        wanted = Q()
        for name in names:
            app_label, codename = name.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_rating_scale_distinct_values"),
        ("claims", "0011_event_actions_admin_edits"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
