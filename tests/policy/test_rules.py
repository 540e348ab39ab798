"""The contact rules (policy/rules.py): examples around DST, and properties over random
schedules and zones checked against a brute-force reading of the rule."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from relance.policy.rules import (
    Contact,
    ContactFlags,
    Policy,
    busiest_window,
    channel_of,
    in_quiet_hours,
    violations,
)

NEW_YORK = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # DST moves the clock by 30 minutes
ZONES = [NEW_YORK, PARIS, LORD_HOWE, ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
POLICY = Policy(enforce=True)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_quiet_hours_follow_the_debtor_clock_across_spring_forward() -> None:
    # 2026-03-08: New York goes from UTC-5 to UTC-4 at 02:00 local.
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-03-07T12:30"))  # 07:30 EST
    assert not in_quiet_hours(POLICY, NEW_YORK, _utc("2026-03-08T12:30"))  # 08:30 EDT
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-03-08T11:30"))  # 07:30 EDT
    assert not in_quiet_hours(POLICY, NEW_YORK, _utc("2026-03-09T00:59"))  # 20:59 EDT
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-03-09T01:00"))  # 21:00 EDT


def test_the_doubled_hour_of_fall_back_is_quiet_both_times() -> None:
    # 2026-11-01: 01:00-02:00 happens twice in New York (EDT, then EST).
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-11-01T05:30"))  # 01:30 EDT
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-11-01T06:30"))  # 01:30 EST
    assert in_quiet_hours(POLICY, NEW_YORK, _utc("2026-11-01T12:59"))  # 07:59 EST
    assert not in_quiet_hours(POLICY, NEW_YORK, _utc("2026-11-01T13:00"))  # 08:00 EST


def test_lord_howe_half_hour_shift() -> None:
    # 2026-04-05 02:00 local (UTC+11) goes back to 01:30 (UTC+10:30).
    late = Policy(quiet_start=time(21, 0), quiet_end=time(8, 0))
    assert in_quiet_hours(late, LORD_HOWE, _utc("2026-04-05T21:15"))  # 07:45 (+10:30)
    assert not in_quiet_hours(late, LORD_HOWE, _utc("2026-04-05T21:30"))  # 08:00


def test_a_window_within_one_day_and_none() -> None:
    lunch = Policy(quiet_start=time(12, 0), quiet_end=time(14, 0))
    assert in_quiet_hours(lunch, PARIS, _utc("2026-07-01T10:00"))  # 12:00 CEST
    assert not in_quiet_hours(lunch, PARIS, _utc("2026-07-01T12:00"))  # 14:00 CEST
    never = Policy(quiet_start=time(9, 0), quiet_end=time(9, 0))
    assert not in_quiet_hours(never, PARIS, _utc("2026-07-01T07:00"))


def test_the_eighth_call_in_seven_days_is_refused_the_first_after_is_not() -> None:
    start = _utc("2026-06-01T14:00")
    seven = [start + timedelta(hours=20 * n) for n in range(7)]
    eighth = Contact("call", seven[-1] + timedelta(hours=1))
    broken = violations(POLICY, PARIS, ContactFlags(), seven, eighth)
    assert broken == {"max_attempts": "At most 7 call contacts in 7 days"}
    later = Contact("call", start + timedelta(days=7, hours=1))  # the first call left the window
    assert "max_attempts" not in violations(POLICY, PARIS, ContactFlags(), seven, later)


def test_a_contact_scheduled_before_others_counts_in_their_windows() -> None:
    after = [_utc("2026-06-03T14:00") + timedelta(hours=n) for n in range(7)]
    before = Contact("call", _utc("2026-06-02T14:00"))
    assert "max_attempts" in violations(POLICY, PARIS, ContactFlags(), after, before)


def test_calls_manual_calls_and_voicemails_are_one_channel() -> None:
    assert {channel_of(kind) for kind in ("call", "manual_call", "voicemail")} == {"call"}
    assert channel_of("sms") == "sms"


def test_cease_and_do_not_contact() -> None:
    at = _utc("2026-06-01T12:00")
    flags = ContactFlags(cease=True, do_not_contact=("sms",))
    assert set(violations(POLICY, PARIS, flags, [], Contact("sms", at))) == {
        "cease",
        "do_not_contact",
    }
    assert set(violations(POLICY, PARIS, flags, [], Contact("email", at))) == {"cease"}


def test_letters_have_no_quiet_hours_and_no_limit_by_default() -> None:
    night = _utc("2026-06-01T23:30")
    many = [night - timedelta(hours=n) for n in range(1, 50)]
    assert violations(POLICY, PARIS, ContactFlags(), many, Contact("postmail", night)) == {}


# Instants within two days of DST transitions in the zones above, and anywhere in 2026.
_TRANSITIONS = [
    _utc(text)
    for text in (
        "2026-03-08T07:00", "2026-11-01T06:00", "2026-03-29T01:00", "2026-10-25T01:00",
        "2026-04-04T15:00", "2026-10-03T15:30",
    )
]  # fmt: skip
instants = st.one_of(
    st.sampled_from(_TRANSITIONS).flatmap(
        lambda base: st.integers(-48 * 60, 48 * 60).map(lambda m: base + timedelta(minutes=m))
    ),
    st.integers(0, 365 * 24 * 60).map(lambda m: _utc("2026-01-01T00:00") + timedelta(minutes=m)),
)
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


def _brute_force_busiest(earlier: list[datetime], at: datetime, days: int) -> int:
    """Every window [s, s + days) holding ``at``, s stepping by the minute (the instants are
    whole minutes): the most contacts any of them holds."""
    span = timedelta(days=days)
    busiest = 0
    start = at - span + timedelta(minutes=1)
    while start <= at:
        inside = sum(1 for instant in [*earlier, at] if start <= instant < start + span)
        busiest = max(busiest, inside)
        start += timedelta(minutes=1)
    return busiest


@settings(max_examples=60, deadline=None)
@given(
    earlier=st.lists(
        st.integers(-3 * 24 * 60, 3 * 24 * 60).map(
            lambda m: _utc("2026-06-10T12:00") + timedelta(minutes=m)
        ),
        max_size=12,
    ),
    offset=st.integers(-24 * 60, 24 * 60),
)
def test_busiest_window_is_the_brute_force_count(earlier: list[datetime], offset: int) -> None:
    at = _utc("2026-06-10T12:00") + timedelta(minutes=offset)
    assert busiest_window(earlier, at, 2) == _brute_force_busiest(earlier, at, 2)


@settings(max_examples=300, deadline=None)
@given(
    earlier=st.lists(instants, max_size=20),
    at=instants,
    extra=instants,
    days=st.integers(1, 10),
)
def test_one_more_contact_never_makes_a_week_quieter(
    earlier: list[datetime], at: datetime, extra: datetime, days: int
) -> None:
    assert busiest_window([*earlier, extra], at, days) >= busiest_window(earlier, at, days)
    far = [instant for instant in earlier if abs(instant - at) >= timedelta(days=days)]
    assert busiest_window(far, at, days) == 1  # contacts a window or more away never count


@settings(max_examples=500, deadline=None)
@given(at=instants, zone=st.sampled_from(ZONES), start=times, end=times)
def test_quiet_hours_read_the_wall_clock_of_the_zone(
    at: datetime, zone: ZoneInfo, start: time, end: time
) -> None:
    policy = Policy(quiet_start=start, quiet_end=end)
    # The wall clock, computed another way: UTC plus the zone's offset at that instant.
    offset = at.astimezone(zone).utcoffset()
    assert offset is not None
    wall = (at.astimezone(UTC).replace(tzinfo=None) + offset).time()
    minutes = wall.hour * 60 + wall.minute
    low, high = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    if low == high:
        expected = False
    elif low < high:
        expected = low <= minutes < high
    else:
        expected = minutes >= low or minutes < high
    assert in_quiet_hours(policy, zone, at) == expected
