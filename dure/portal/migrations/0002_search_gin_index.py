"""PostgreSQL only: a GIN index on the pre-analysed lexemes, cast to tsvector.

`all_terms` holds space-separated lexemes of letters and digits only, so the text → tsvector
cast keeps them as they are (no dictionary, no stemming): the index answers the same question
as SQLite's LIKE scan.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS portal_sdoc_terms_gin ON portal_searchdocument "
        "USING gin ((all_terms::tsvector))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS portal_sdoc_terms_gin")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
