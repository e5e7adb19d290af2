"""Track records that cannot leak the answer (issue 13): deadlines and past vettings.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side; an empty operations list is a no-op.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sources", "0014_editing")]

    operations = []
