"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit trail.

(TRUNCATE, used by test flushes and by an operator who really means it, is a separate privilege and
is not blocked; the hash chain still reveals a truncated or edited log.)
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION members_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER members_auditentry_append_only
    BEFORE UPDATE OR DELETE ON members_auditentry
    FOR EACH ROW EXECUTE FUNCTION members_auditentry_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS members_auditentry_append_only ON members_auditentry;
DROP FUNCTION IF EXISTS members_auditentry_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_applications_audit")]
    operations = [migrations.RunPython(forward, backward)]
