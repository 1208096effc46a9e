"""Benchmarks (not part of the test suite): run.py, the data generator, and helpers."""
