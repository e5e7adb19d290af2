#!/usr/bin/env python
"""Django's command-line utility for Source Ledger."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A setting left out is for whoever starts the server to fix, not a bug to
        # debug: say which one and how to set it, without a traceback.
        sys.exit(f"manage.py: cannot start, a setting is missing or wrong.\n{error}")


if __name__ == "__main__":
    main()
