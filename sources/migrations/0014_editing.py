"""Correct the record in the app (issue 16): assignments and submission tokens.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side; an empty operations list is a no-op.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sources", "0013_jobs")]

    operations = []
