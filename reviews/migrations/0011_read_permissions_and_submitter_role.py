"""Add the read permissions and the submitter role to existing databases.

Until now every signed-in account could read unpublished work and submit articles. From here
reading needs ``view_workflow`` (reviewer, editor, admin), other people's drafts need
``view_drafts`` (editor, admin) and submitting needs ``submit_article`` (submitter and every
staff role). Accounts in no group lose access; give them a role in the admin.
"""

from django.db import migrations

ACCESS_PERMISSIONS = {
    "submit_article": "Can submit articles",
    "view_workflow": "Can read articles, claims, queues, evidence, verdicts and timelines",
    "view_drafts": "Can read other people's draft verdicts",
}
GRANTS = {
    "submitter": ["submit_article"],
    "reviewer": ["submit_article", "view_workflow"],
    "editor": ["submit_article", "view_workflow", "view_drafts"],
    "admin": ["submit_article", "view_workflow", "view_drafts"],
}


def grant(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    review_type, _ = ContentType.objects.get_or_create(app_label="reviews", model="review")
    for codename, name in ACCESS_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=review_type, codename=codename, defaults={"name": name}
        )
    for role, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type=review_type, codename__in=codenames)
        )


def revoke(apps, schema_editor):  # type: ignore[no-untyped-def]
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Permission.objects.filter(
        content_type__app_label="reviews", codename__in=list(ACCESS_PERMISSIONS)
    ).delete()
    Group.objects.filter(name="submitter", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_editor_operator_admin_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
