"""The search index's version token (for cached search pages), and GIN indexes without a pending list.

`fastupdate` lets GIN queue new entries in a pending list that every search then scans
linearly until VACUUM merges it; after a bulk index build that list held hundreds of pages and
cost milliseconds per query. The index changes one enterprise at a time (or in a full
rebuild, which recreates the indexes), so each write goes straight into the index.
"""

import uuid

from django.db import migrations, models

GIN_INDEXES = [f"portal_sdoc_{kind}_{column}_gin" for kind in ("enterprise", "product") for column in ("vec", "name", "offer")]


def first_version(apps, schema_editor):
    SearchIndexVersion = apps.get_model("portal", "SearchIndexVersion")
    SearchIndexVersion.objects.create(pk=1, token=uuid.uuid4().hex)


def gin_without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)")


def gin_with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_search_field_gin_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchIndexVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(gin_without_pending_list, gin_with_pending_list),
    ]
