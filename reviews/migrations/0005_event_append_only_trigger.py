"""Refuse UPDATE and DELETE on the audit log at the database, on PostgreSQL.

SQLite has no such trigger language worth relying on here; there the model and admin guards
are the protection. TRUNCATE (used by test-database flushes) is deliberately not blocked.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION reviews_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reviews_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reviews_event_append_only ON reviews_event;
CREATE TRIGGER reviews_event_append_only
    BEFORE UPDATE OR DELETE ON reviews_event
    FOR EACH ROW EXECUTE FUNCTION reviews_event_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS reviews_event_append_only ON reviews_event;
DROP FUNCTION IF EXISTS reviews_event_refuse_change();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_rating_scale_and_roles")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
