"""Operations written once, served by both clients.

A resource class (``Followups``, ``Debts``...) is generic in its driver and lists its operations
as :class:`operation` and :class:`walk` descriptors wrapping a builder that returns a
:class:`Call`. Read from a ``Followups[SyncDriver]``, ``followups.get`` is typed
``(followup_id: str) -> Followup``; from a ``Followups[AsyncDriver]`` it returns an awaitable.
The signature, docstring and request building exist once.
"""

from __future__ import annotations

import functools
import inspect
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


class _Described:
    """Names a descriptor after the attribute it is assigned to (``Followups.get``)."""

    _name = _qualname = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name, self._qualname = name, f"{owner.__name__}.{name}"


def _presented(
    bound: Callable[..., Any], build: Callable[..., Any], names: _Described, doc: str | None
) -> Any:
    """``bound`` as help() and IDEs should show it: the attribute's name, the builder's
    parameters and docstring, without the builder's ``Call[...]`` return annotation."""
    functools.update_wrapper(bound, build)
    del bound.__wrapped__  # type: ignore[attr-defined]
    bound.__name__, bound.__qualname__ = names._name, names._qualname
    bound.__signature__ = inspect.signature(build).replace(  # type: ignore[attr-defined]
        return_annotation=inspect.Signature.empty
    )
    bound.__doc__ = doc or build.__doc__
    return bound


class operation(_Described, Generic[P, T]):
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

        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return driver.run(build(*args, **kwargs))

        return _presented(bound, build, self, None)


class walk(_Described, Generic[P, T]):
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

        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return driver.walk(build(*args, **kwargs))

        return _presented(bound, build, self, self._doc)
