"""Performs the core's I/O steps with httpx.AsyncClient and asyncio.sleep."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TypeVar

import httpx

from relance_client._core.call import Call
from relance_client._core.exchange import ExchangeSettings, Outcome, Sleep, exchange
from relance_client._core.paging import first_page, next_page
from relance_client.models.page import Page

T = TypeVar("T")


class AsyncDriver:
    def __init__(self, http: httpx.AsyncClient, settings: ExchangeSettings) -> None:
        self._http = http
        self._settings = settings

    async def run(self, call: Call[T]) -> T:
        steps = exchange(call, self._settings)
        outcome: Outcome = None
        try:
            while True:
                step = steps.send(outcome)
                if isinstance(step, Sleep):
                    await asyncio.sleep(step.seconds)
                    outcome = None
                    continue
                try:
                    outcome = await self._http.send(step.request)
                except httpx.TransportError as error:
                    outcome = error
        except StopIteration as done:
            result: T = done.value
            return result

    async def walk(self, call: Call[Page[T]]) -> AsyncIterator[T]:
        next_call: Call[Page[T]] | None = first_page(call)
        while next_call is not None:
            page = await self.run(next_call)
            for item in page.data:
                yield item
            next_call = next_page(next_call, page)
