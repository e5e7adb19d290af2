"""Development and test data: the sample newsroom and the synthetic generator.

Installed only when debug is on, in tests and in benchmarks (``LEDGER_DEVDATA``),
never in production: its commands reset passwords and bulk-load rows.
"""
