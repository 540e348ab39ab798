"""The access line's LogRecord, made from a template (observe.access): the record
``Logger.info`` would make, attribute for attribute, save its own time and fields."""

from __future__ import annotations

import logging
import time

import pytest

from relance.observe.access import _access_record, access_logger, record
from relance.observe.logs import JsonFormatter, skip_unused_record_fields

_OWN = {"created", "msecs", "relativeCreated", "fields"}


class _Snapshot(logging.Handler):
    """Keeps each record's attributes as the logger made them (a handler further up, such as
    pytest's, may add some when it formats the record)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(dict(vars(record)))


def test_the_record_is_the_one_logger_info_makes_but_for_its_time_and_fields() -> None:
    skip_unused_record_fields()  # as create_app runs it: findCaller then names no source line
    fields = {"request_id": "r-1", "status": 200}
    catch = _Snapshot()
    access_logger.addHandler(catch)
    level = access_logger.level
    access_logger.setLevel(logging.INFO)
    try:
        access_logger.info("request", extra={"fields": fields})
    finally:
        access_logger.removeHandler(catch)
        access_logger.setLevel(level)
    (standard,) = catch.records
    before = time.time()
    lean = _access_record(fields)
    after = time.time()
    assert vars(lean).keys() == standard.keys()
    for name, value in standard.items():
        if name not in _OWN:
            assert vars(lean)[name] == value, name
    assert vars(lean)["fields"] is fields
    assert before <= lean.created <= after
    assert lean.msecs == int((lean.created - int(lean.created)) * 1000)
    assert lean.relativeCreated == pytest.approx(standard["relativeCreated"], abs=1000)
    assert lean.getMessage() == "request"
    assert '"status":200' in JsonFormatter().format(lean)


def test_records_are_apart_and_the_loggers_filters_still_apply(
    caplog: pytest.LogCaptureFixture,
) -> None:
    first, second = _access_record({"n": 1}), _access_record({"n": 2})
    assert (vars(first)["fields"], vars(second)["fields"]) == ({"n": 1}, {"n": 2})

    def no_404(line: logging.LogRecord) -> bool:
        return getattr(line, "fields", {}).get("status") != 404

    scope = {"method": "GET", "path": "/x", "state": {}}
    access_logger.addFilter(no_404)
    try:
        with caplog.at_level(logging.INFO, logger="relance.access"):
            record(scope, "kept", 200, 0.001, "/x")
            record(scope, "dropped", 404, 0.001, "/x")
    finally:
        access_logger.removeFilter(no_404)
    ids = [vars(r)["fields"]["request_id"] for r in caplog.records if r.name == "relance.access"]
    assert ids == ["kept"]
