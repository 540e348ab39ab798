"""Operations written once, served by both clients.

A resource class (``Followups``, ``Debts``...) is generic in its driver and lists its operations
as :class:`operation` and :class:`walk` descriptors wrapping a builder that returns a
:class:`Call`. Read from a ``Followups[SyncDriver]``, ``followups.get`` is typed
``(followup_id: str) -> Followup``; from a ``Followups[AsyncDriver]`` it returns an awaitable.
The signature, docstring and request building exist once.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from relance_client._core.call import Call
from relance_client.models.page import Page

if TYPE_CHECKING:
    from relance_client._async_driver import AsyncDriver
    from relance_client._sync_driver import SyncDriver

P = ParamSpec("P")
T = TypeVar("T")
D = TypeVar("D", "SyncDriver", "AsyncDriver")


class Resource(Generic[D]):
    """A group of operations sharing one client's driver."""

    def __init__(self, driver: D) -> None:
        self._driver: D = driver


class operation(Generic[P, T]):
    """A method that runs ``build(...)`` through the client's driver and returns its result."""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> operation[P, T]: ...
    @overload
    def __get__(self, obj: Resource[SyncDriver], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncDriver], owner: type[Any]
    ) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        driver, build = obj._driver, self._build

        @functools.wraps(build)
        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return driver.run(build(*args, **kwargs))

        return bound


class walk(Generic[P, T]):
    """A method that iterates every item of a list, fetching page after page as it goes."""

    def __init__(self, build: Callable[P, Call[Page[T]]], doc: str | None = None) -> None:
        self._build = build
        self._doc = doc

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> walk[P, T]: ...
    @overload
    def __get__(self, obj: Resource[SyncDriver], owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncDriver], owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        driver, build = obj._driver, self._build

        @functools.wraps(build)
        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return driver.walk(build(*args, **kwargs))

        bound.__doc__ = self._doc or build.__doc__
        return bound
