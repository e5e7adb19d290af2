"""Index rollups busiest first.

The typing suggestions on the vet page and the story form list the 200
most-cited sources; without this index PostgreSQL sorted all 20,000 rollups
for it (16–32 ms at 1M claims; see docs/performance.md).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0005_rollup_track_record"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="sourcerollup",
            index=models.Index(fields=["-claims"], name="rollup_claims_desc"),
        ),
    ]
