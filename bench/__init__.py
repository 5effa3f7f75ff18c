"""Benchmarks: run with `make bench` (python -m bench) or one module at a time (python -m bench.NAME)."""
