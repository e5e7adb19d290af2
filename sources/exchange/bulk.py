"""What the large-file import paths share.

The bulk writes themselves are services (``sources_create_many``,
``articles_create_many``, ``claims_file_many``, ``verdicts_record_many``), so
they set derived columns and history as the per-row services do.
"""

from __future__ import annotations

# Rows per INSERT in the bulk paths.
BATCH = 500
