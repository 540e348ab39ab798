"""CPU time of a process and its descendants, read from /proc (Linux)."""

from __future__ import annotations

import os

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields after the command name of /proc/<pid>/stat (field 3 onwards), or None when
    the process is gone. The name sits in parentheses and may hold spaces: split after it."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (uvicorn's workers, multiprocessing's helpers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def start_time(pid: int) -> int | None:
    """When the process started (field 22, clock ticks since boot): with the pid, it names one
    process for good, so a recycled pid is never mistaken for it. None when it is gone."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def cpu_seconds(pid: int) -> float:
    """utime + stime (fields 14 and 15) of one process; 0 when it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def tree_cpu_seconds(root: int) -> float:
    """The root's CPU time plus its live descendants' (a worker that died loses its share)."""
    return cpu_seconds(root) + sum(cpu_seconds(pid) for pid in descendants(root))
