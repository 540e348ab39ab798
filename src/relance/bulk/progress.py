"""The progress bar of bulk commands, on stderr: rows done of the total, rows per second, ETA."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed and task.elapsed:  # fewer than two samples yet: the average so far
            speed = task.completed / task.elapsed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s", style="progress.data.speed")


class RowProgress:
    """One bar per command; ``total`` None (an unknown count) shows a pulsing bar."""

    def __init__(self, console: Console, enabled: bool = True) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RowsPerSecond(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
            # The speed of the last ten seconds: a batch is a step, so a short window jumps.
            speed_estimate_period=10,
        )
        self._task: TaskID | None = None

    @contextmanager
    def running(self, description: str, total: int | None) -> Iterator[None]:
        with self._progress:
            self._task = self._progress.add_task(description, total=total)
            yield

    def total(self, total: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, total=total)

    def done(self, completed: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=completed)
