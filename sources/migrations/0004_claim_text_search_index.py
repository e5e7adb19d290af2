"""Index the claims' full-text search vector on PostgreSQL.

``sources.search`` filters claims with ``to_tsvector('english', text) @@
query``. Without an index PostgreSQL computes the vector of every claim on
every search (7.7 s at 1M claims; see docs/performance.md). This GIN index
stores exactly the expression ``sources.search.claim_vector()`` compiles to,
so matches are read off the index. SQLite has no full-text vectors (search
falls back to ``icontains`` there), so the index is created on PostgreSQL
only and is not part of the model state.
"""

from django.db import migrations

INDEX = "claim_text_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "sources_claim" '
            "USING gin (to_tsvector('english'::regconfig, COALESCE(\"text\", '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_rollup_interval_low_desc"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
