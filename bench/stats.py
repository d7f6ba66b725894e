"""Summaries the benchmark reports: medians and p99 over many runs, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile by nearest rank (``q`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(seconds: list[float], digits: int = 4) -> dict[str, Any]:
    """``n``, ``p50_ms``, ``p99_ms``, ``min_ms`` and ``max_ms`` of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), digits),
        "p99_ms": round(percentile(ms, 0.99), digits),
        "min_ms": round(min(ms), digits),
        "max_ms": round(max(ms), digits),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` rounded to three significant-ish digits, or ``None``."""
    if not numerator or not denominator:
        return None
    value = numerator / denominator
    return round(value, 1 if value >= 10 else 2)


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """The high-water mark of a process's resident memory (VmHWM), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def rss_mb(pid: int | str = "self") -> float | None:
    """A process's resident memory now (VmRSS), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cpu_seconds(pid: int | str = "self") -> float | None:
    """User + system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, Any]:
    """CPU count, platform, Python and memory of this machine."""
    meminfo = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, _, value = line.partition(":")
        meminfo[key] = int(value.split()[0]) // 1024
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_total_mb": meminfo.get("MemTotal"),
        "memory_available_mb_at_start": meminfo.get("MemAvailable"),
    }
