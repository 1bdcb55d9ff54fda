"""Benchmarks: `make bench` runs bench/run_all.py (docs/benchmarks.md)."""
