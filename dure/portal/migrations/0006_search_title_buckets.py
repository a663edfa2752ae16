"""Title buckets: a document's place in title order, carried in PostgreSQL's vectors as a lexeme.

A broad query (`협동조합` matches 16,000 of 40,000 enterprises) made PostgreSQL read and sort
every match by title to show the first 20. With the bucket in the vectors, a ranked page asks
the GIN index for the matches of the first buckets only (search/query.py). The lexeme `~<n>`
can never be a query lexeme (those are letters and digits only).

Existing rows start in bucket 0 (correct, just not faster); `dure rebuild_search_index`
draws even buckets.
"""

from django.db import migrations, models

COLUMNS = ("all", "name", "offer")
KINDS = ("enterprise", "product")
TABLE = "portal_searchdocument"


def _recreate_vectors(schema_editor, expression: str) -> None:
    for column in COLUMNS:
        # Dropping a column drops the GIN indexes built on it.
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}_vec")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {column}_vec tsvector "
            f"GENERATED ALWAYS AS ({expression.format(column=column)}) STORED"
        )
    for kind in KINDS:
        for column, index in (("all", "vec"), ("name", "name"), ("offer", "offer")):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS portal_sdoc_{kind}_{index}_gin ON {TABLE} "
                f"USING gin ({column}_vec) WITH (fastupdate = off) WHERE kind = '{kind}' AND is_public"
            )


def vectors_with_bucket(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _recreate_vectors(schema_editor, "(({column}_terms || ' ~' || title_bucket::text))::tsvector")


def vectors_without_bucket(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _recreate_vectors(schema_editor, "(({column}_terms))::tsvector")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_search_index_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_bucket",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="SearchTitleBoundary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("enterprise", "enterprise"), ("product", "product")], max_length=10
                    ),
                ),
                ("bucket", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=200)),
                ("document_id", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "bucket"), name="portal_titleboundary_one_per_bucket")
                ],
            },
        ),
        migrations.RunPython(vectors_with_bucket, vectors_without_bucket),
    ]
