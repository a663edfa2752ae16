"""PostgreSQL only: GIN indexes on the name and offer vectors, for ranking in tiers.

A tiered query asks "name has the term" (then "offers have it") before anything else; with
these indexes PostgreSQL answers it as a bitmap AND of two GIN indexes instead of reading and
testing every matching row.
"""

from django.db import migrations

COLUMNS = ("name", "offer")
KINDS = ("enterprise", "product")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        for kind in KINDS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS portal_sdoc_{kind}_{column}_gin ON portal_searchdocument "
                f"USING gin ({column}_vec) WHERE kind = '{kind}' AND is_public"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        for kind in KINDS:
            schema_editor.execute(f"DROP INDEX IF EXISTS portal_sdoc_{kind}_{column}_gin")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_search_stored_vectors")]

    operations = [migrations.RunPython(forwards, backwards)]
