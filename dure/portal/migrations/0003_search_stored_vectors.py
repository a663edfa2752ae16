"""PostgreSQL only: stored tsvector columns and partial GIN indexes for the search.

Casting `all_terms` to tsvector in the query made PostgreSQL re-parse the text of every
candidate row on recheck; generated columns parse once, at write time. The model does not
declare these columns (SQLite has no tsvector); PostgreSQL fills them on every insert/update.
One partial index per document kind keeps product rows out of enterprise searches.
"""

from django.db import migrations

COLUMNS = ("all", "name", "offer")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE portal_searchdocument ADD COLUMN {column}_vec tsvector "
            f"GENERATED ALWAYS AS (({column}_terms)::tsvector) STORED"
        )
    schema_editor.execute("DROP INDEX IF EXISTS portal_sdoc_terms_gin")
    for kind in ("enterprise", "product"):
        schema_editor.execute(
            f"CREATE INDEX portal_sdoc_{kind}_vec_gin ON portal_searchdocument USING gin (all_vec) "
            f"WHERE kind = '{kind}' AND is_public"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in ("enterprise", "product"):
        schema_editor.execute(f"DROP INDEX IF EXISTS portal_sdoc_{kind}_vec_gin")
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE portal_searchdocument DROP COLUMN IF EXISTS {column}_vec")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS portal_sdoc_terms_gin ON portal_searchdocument "
        "USING gin ((all_terms::tsvector))"
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_gin_index")]

    operations = [migrations.RunPython(forwards, backwards)]
