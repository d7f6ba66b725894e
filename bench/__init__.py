"""Benchmarks: measured figures with a baseline run side by side, never timed tests."""
