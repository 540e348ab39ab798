"""Performs the core's I/O steps with httpx.Client and time.sleep."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TypeVar

import httpx

from relance_client._core.call import Call
from relance_client._core.exchange import ExchangeSettings, Outcome, Sleep, exchange
from relance_client._core.paging import first_page, next_page
from relance_client.models.page import Page

T = TypeVar("T")


class SyncDriver:
    def __init__(self, http: httpx.Client, settings: ExchangeSettings) -> None:
        self._http = http
        self._settings = settings

    def run(self, call: Call[T]) -> T:
        steps = exchange(call, self._settings)
        outcome: Outcome = None
        try:
            while True:
                step = steps.send(outcome)
                if isinstance(step, Sleep):
                    time.sleep(step.seconds)
                    outcome = None
                    continue
                try:
                    outcome = self._http.send(step.request)
                except httpx.TransportError as error:
                    outcome = error
        except StopIteration as done:
            result: T = done.value
            return result

    def walk(self, call: Call[Page[T]]) -> Iterator[T]:
        next_call: Call[Page[T]] | None = first_page(call)
        while next_call is not None:
            page = self.run(next_call)
            yield from page.data
            next_call = next_page(next_call, page)
