"""One vector for the ranked tiers: every lexeme with its field and title bucket (PostgreSQL).

A tier part asks "these words in the name, not that one, this one in the offers", bucket by
title bucket (search/query.py). With one vector per field, a part had two or three index
conditions: PostgreSQL had to plan each statement for its values to know which index to read
(planning cost more than running), and the GIN index walked a word's whole posting list to
find a bucket empty. `tier_vec` holds each lexeme of the name, the offers and the whole text
as `<field><bucket>.<lexeme>` (`n3.협동`, `o3.배달`, `a3.돌봄`), so a part is one condition on
one index (`'n3.어르' & 'n3.르신' & !'n3.돌봄' & 'o3.돌봄'`), exact without reading the row,
a generic plan has nothing to guess, and an empty bucket is a missing index entry.

Lexemes are letters and digits (search/analysis.py), so the rewrite of the stored terms is
plain text. The GIN indexes are partial, one per kind, like the others.
"""

from django.db import migrations

KINDS = ("enterprise", "product")
TABLE = "portal_searchdocument"
FIELDS = (("n", "name_terms"), ("o", "offer_terms"), ("a", "all_terms"))


def _expression() -> str:
    parts = [
        rf"regexp_replace({column}, '(\S+)', '{prefix}' || title_bucket::text || '.\1', 'g')"
        for prefix, column in FIELDS
    ]
    return "(" + " || ' ' || ".join(parts) + ")::tsvector"


def add_tier_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS tier_vec tsvector "
        f"GENERATED ALWAYS AS ({_expression()}) STORED"
    )
    for kind in KINDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS portal_sdoc_{kind}_tier_gin ON {TABLE} "
            f"USING gin (tier_vec) WITH (fastupdate = off) WHERE kind = '{kind}' AND is_public"
        )


def drop_tier_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tier_vec")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_search_title_buckets"),
    ]

    operations = [migrations.RunPython(add_tier_vector, drop_tier_vector)]
