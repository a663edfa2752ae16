"""The per-field vectors no longer carry the title bucket (PostgreSQL).

Migration 0006 put the bucket into `all_vec`, `name_vec` and `offer_vec` as a lexeme `~<n>`; since
0007 the ranked tiers and the count read `tier_vec`, which holds the bucket in every lexeme, and
nothing asks the per-field vectors for a bucket. They go back to the plain stored terms, so they
hold only what they match on. Dropping a column drops its GIN indexes; they are created again.
"""

from django.db import migrations

COLUMNS = ("all", "name", "offer")
KINDS = ("enterprise", "product")
TABLE = "portal_searchdocument"
INDEXES = (("all", "vec"), ("name", "name"), ("offer", "offer"))


def _recreate_vectors(schema_editor, expression: str) -> None:
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}_vec")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {column}_vec tsvector "
            f"GENERATED ALWAYS AS ({expression.format(column=column)}) STORED"
        )
    for kind in KINDS:
        for column, index in INDEXES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS portal_sdoc_{kind}_{index}_gin ON {TABLE} "
                f"USING gin ({column}_vec) WITH (fastupdate = off) WHERE kind = '{kind}' AND is_public"
            )


def plain_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _recreate_vectors(schema_editor, "(({column}_terms))::tsvector")


def vectors_with_bucket(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _recreate_vectors(schema_editor, "(({column}_terms || ' ~' || title_bucket::text))::tsvector")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_search_tier_vector"),
    ]

    operations = [migrations.RunPython(plain_vectors, vectors_with_bucket)]
