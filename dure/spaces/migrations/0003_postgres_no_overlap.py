"""PostgreSQL only: confirmed bookings of one room never overlap, enforced by the database.

The exclusion constraint needs btree_gist (for `room_id WITH =` in a GiST index). On other
databases (SQLite) both operations do nothing: there the serialised check in
`dure.spaces.services` (IMMEDIATE transactions) keeps the rule.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CREATE = [
    """
    ALTER TABLE spaces_booking ADD CONSTRAINT spaces_booking_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (status = 'confirmed')
    """,
    """
    ALTER TABLE spaces_tenancy ADD CONSTRAINT spaces_tenancy_no_overlap
    EXCLUDE USING gist (room_id WITH =, daterange(start_date, COALESCE(terminated_on, end_date), '[]') WITH &&)
    """,
]
DROP = [
    "ALTER TABLE spaces_tenancy DROP CONSTRAINT IF EXISTS spaces_tenancy_no_overlap",
    "ALTER TABLE spaces_booking DROP CONSTRAINT IF EXISTS spaces_booking_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("spaces", "0002_rooms_bookings_incubation")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
