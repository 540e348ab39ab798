"""Contact, answer and deal rates per channel over time, as SVG drawn on the server.

No chart library: each chart is a few polylines in a fixed viewBox, so the page loads nothing
else and a screenshot shows exactly what the server computed. A channel's line has a point on
the days it executed something (a rate of nothing is no point, not a zero).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from relance.dashboard.rates import ChannelDay

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str  # the tooltip: day, channel, rate and counts


@dataclass(frozen=True, slots=True)
class Line:
    channel: str
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


@dataclass(frozen=True, slots=True)
class Chart:
    name: str
    title: str
    lines: tuple[Line, ...]
    grid: tuple[tuple[float, str], ...]  # y, label
    ticks: tuple[tuple[float, str], ...]  # x, label


@dataclass(frozen=True, slots=True)
class Total:
    channel: str
    executed: int
    contacted: int
    answered: int
    deals: int

    def rate(self, count: int) -> float | None:
        return count / self.executed if self.executed else None


RATES: tuple[tuple[str, str, Callable[[ChannelDay], int]], ...] = (
    ("contact", "Contact rate (reached / executed)", lambda entry: entry.contacted),
    ("answer", "Answer rate (answered / executed)", lambda entry: entry.answered),
    ("deal", "Deal rate (deal found / executed)", lambda entry: entry.deals),
)


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def charts(entries: Sequence[ChannelDay], days: Sequence[date]) -> list[Chart]:
    x_of = _x_positions(days)
    channels = sorted({entry.channel for entry in entries if entry.executed})
    ticks = tuple((x_of[day], day.strftime("%d %b")) for day in days[:: max(1, len(days) // 6)])
    grid = tuple((_y(share), f"{share * 100:.0f} %") for share in GRID)
    drawn = []
    for name, title, count in RATES:
        lines = []
        for channel in channels:
            points = tuple(
                _point(entry, count(entry), x_of[entry.day], name)
                for entry in entries
                if entry.channel == channel and entry.executed and entry.day in x_of
            )
            lines.append(Line(channel, points))
        drawn.append(Chart(name, title, tuple(lines), grid, ticks))
    return drawn


def totals(entries: Sequence[ChannelDay]) -> list[Total]:
    sums: dict[str, list[int]] = {}
    for entry in entries:
        row = sums.setdefault(entry.channel, [0, 0, 0, 0])
        for i, value in enumerate((entry.executed, entry.contacted, entry.answered, entry.deals)):
            row[i] += value
    return [Total(channel, *values) for channel, values in sorted(sums.items())]


def _x_positions(days: Sequence[date]) -> dict[date, float]:
    span = WIDTH - LEFT - RIGHT
    step = span / max(1, len(days) - 1)
    return {day: LEFT + i * step for i, day in enumerate(days)}


def _y(share: float) -> float:
    return TOP + (1 - share) * (HEIGHT - TOP - BOTTOM)


def _point(entry: ChannelDay, count: int, x: float, rate_name: str) -> Point:
    share = count / entry.executed
    label = (
        f"{entry.day.isoformat()} · {entry.channel} · {rate_name} {share * 100:.0f} % "
        f"({count} of {entry.executed})"
    )
    return Point(x, _y(share), label)
