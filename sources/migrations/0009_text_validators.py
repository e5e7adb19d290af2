"""Figures you can trust (issue 11): text fields refuse NUL and control characters.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side; an empty operations list is a no-op.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sources", "0008_write_path")]

    operations = []
