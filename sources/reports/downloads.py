"""Report rows as CSV that a spreadsheet opens without running anything.

The cells are written by ``sources.domain.spreadsheet``, the one CSV writer
the project has, so report downloads quote and guard exactly as the exchange
ZIP does.
"""

from __future__ import annotations

from sources.domain.spreadsheet import FORMULA_STARTS, write_csv
from sources.domain.spreadsheet import cell as csv_cell

__all__ = ["FORMULA_STARTS", "csv_cell", "write_csv"]
