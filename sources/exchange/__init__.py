"""Moving a newsroom's data in and out: the JSON document, the CSV files and LIAR.

``formats`` reads and writes the bytes, ``validation`` checks a whole
document against the file and the database before anything is written,
``importer`` writes a validated document in one transaction, ``exporter``
builds the document from the database, and ``liar`` loads PolitiFact's LIAR
data set. The formats are documented in docs/import-export.md.
"""

from sources.exchange.formats import ExchangeError, Problem

__all__ = ["ExchangeError", "Problem"]
