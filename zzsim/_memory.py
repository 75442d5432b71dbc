"""How much memory a new allocation may take: the one estimate behind every memory check."""

from __future__ import annotations

import os

__all__ = ["available_memory"]


def available_memory() -> int | None:
    """Return the bytes of memory available to a new allocation, or None if unknown.

    ``MemAvailable`` of ``/proc/meminfo`` on Linux (free memory plus the page cache the
    kernel can reclaim); elsewhere the free physical pages.

    Returns
    -------
    int or None
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not a POSIX system
        return None
