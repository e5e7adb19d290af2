"""Benchmarks: scripts, not tests. See bench/run.py and docs/performance.md."""
