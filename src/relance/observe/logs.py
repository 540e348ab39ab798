"""JSON log lines, one object a line, for every logger of the process (relance's, uvicorn's).

A line holds the time, level, logger, message and the request id of the request it was
written in (``REQUEST_ID``), plus the fields a caller passes as ``extra={"fields": {...}}``
(the access line's). An exception is written as its type and stack frames, never its message:
a driver's message can quote the row it refused (an email, a phone number), and SPEC 11 wants
no personal field in any line.
"""

from __future__ import annotations

import logging
import logging.config
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

# The id of the request being served, set by the access middleware for every line it causes.
REQUEST_ID: ContextVar[str | None] = ContextVar("relance_request_id", default=None)


_second: list[Any] = [None, ""]  # the last whole second formatted, and its text


def _timestamp(created: float) -> str:
    """ISO 8601 UTC with milliseconds; the seconds part is formatted once per second (datetime
    formatting was a third of an access line's cost)."""
    second = int(created)
    if _second[0] != second:
        text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        _second[0], _second[1] = second, text
    return f"{_second[1]}.{int((created - second) * 1000):03d}Z"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            line["exception"] = kind.__name__
            line["stack"] = "".join(traceback.format_tb(trace)).rstrip()
        return orjson.dumps(line).decode()


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server (uvicorn takes it as ``log_config``)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "relance.observe.logs.JsonFormatter"}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            name: {"handlers": [], "level": level, "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "relance")
        },
    }


def skip_unused_record_fields() -> None:
    """A JSON line holds no thread, process or source-line field, so a LogRecord need not look
    them up: the switches of the logging HOWTO's "Optimization" section. The access line is
    written for every request; these lookups were half its cost (issue 19)."""
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging._srcfile = None  # the documented way to skip findCaller's stack walk


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
