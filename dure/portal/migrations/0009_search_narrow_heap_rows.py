"""Search documents keep only what the tiers and the count read in their heap rows (PostgreSQL).

The ranked tiers and the capped count are answered exactly by GIN indexes, so of a document's
heap row they read only its visibility, title and ids; yet the row carried every lexeme four
times over (the `*_terms` texts, `all_vec`, `tier_vec`): ~1.6 KB compressed, about one matching
enterprise per 8 KB page, so counting 1,000 matches read ~1,000 pages. PostgreSQL moves long
values out of the row only when the row passes `toast_tuple_target`; set low, and with the big
columns stored out of line uncompressed (`EXTERNAL`), a row is ~0.6 KB.

Kept in the row: the title and the filter columns (`PLAIN`: never moved out, they are short and
every filtered query reads them), and `name_vec` / `offer_vec` (`MAIN`: the scored query, used
for long queries and deep pages, reads them for every candidate). Rows already written keep
their old layout until they are written again; `dure rebuild_search_index` rewrites them all.
"""

from django.db import migrations

TABLE = "portal_searchdocument"
OUT_OF_LINE = ("name_terms", "offer_terms", "body_terms", "all_terms", "all_vec", "tier_vec")
IN_ROW = ("name_vec", "offer_vec")
NEVER_MOVED = ("kind", "title", "primary_type", "district_code", "industry", "svi_grade")


def _set(schema_editor, target: int | None, storage: dict[str, str]) -> None:
    option = f"SET (toast_tuple_target = {target})" if target else "RESET (toast_tuple_target)"
    schema_editor.execute(f"ALTER TABLE {TABLE} {option}")
    columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column, kind in storage.items())
    schema_editor.execute(f"ALTER TABLE {TABLE} {columns}")


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        storage = {column: "EXTERNAL" for column in OUT_OF_LINE}
        storage.update({column: "MAIN" for column in IN_ROW})
        storage.update({column: "PLAIN" for column in NEVER_MOVED})
        _set(schema_editor, 128, storage)


def default_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _set(schema_editor, None, {column: "EXTENDED" for column in (*OUT_OF_LINE, *IN_ROW, *NEVER_MOVED)})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_search_vectors_without_bucket"),
    ]

    operations = [migrations.RunPython(narrow_rows, default_rows)]
