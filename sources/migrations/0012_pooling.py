"""Estimates that learn (issue 14): pooled estimates and editors' forecasts.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side; an empty operations list is a no-op.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sources", "0011_origins")]

    operations = []
