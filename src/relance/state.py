"""Per-application objects built once at start-up and shared by every request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import State

from relance.auth.jwt_tokens import TokenSigner
from relance.auth.revocation import RevocationCache
from relance.config import Settings
from relance.db.tx import Database
from relance.followups.listing.cursor import CursorCodec, codec_for
from relance.kit.ids import IdCodec
from relance.media.signing import MediaSigner
from relance.media.store import MediaStore
from relance.media.stores import open_store
from relance.ratelimit.guard import RateGuard
from relance.ratelimit.memory import MemoryLimiter
from relance.ratelimit.policy import Allowance, LimitPolicy
from relance.ratelimit.redis_window import RedisLimiter
from relance.ratelimit.window import Limiter
from relance.tracking.hit_window import HitWindow
from relance.tracking.tokens import TrackingSigner
from relance.webhooks.secret_box import SecretBox
from relance.webhooks.targets import Resolver, system_resolver


@dataclass(frozen=True)
class AppState:
    settings: Settings
    database: Database
    ids: IdCodec
    signer: TokenSigner
    revocations: RevocationCache
    media_links: MediaSigner
    media_store: MediaStore
    tracking: TrackingSigner
    rate_guard: RateGuard
    tracking_hits: HitWindow
    webhook_secrets: SecretBox
    cursors: CursorCodec
    # Settings read on every request, kept here: each read of a pydantic model's attribute goes
    # through CPython's slower lookup hook (BaseModel has a __getattr__).
    body_limit: int
    # How webhook target names are resolved (tests substitute one to stage DNS answers).
    resolver: Resolver = system_resolver


def build_state(settings: Settings, database: Database) -> AppState:
    return AppState(
        settings=settings,
        database=database,
        ids=IdCodec(settings.secret),
        signer=TokenSigner(settings.secret, settings.access_token_ttl),
        revocations=RevocationCache(settings.revocation_refresh_seconds),
        media_links=MediaSigner(settings.secret, settings.public_url, settings.media_url_ttl),
        media_store=open_store(settings.media_store, settings.media_dir),
        tracking=TrackingSigner(settings.secret, settings.public_url),
        rate_guard=_rate_guard(settings),
        tracking_hits=HitWindow(),
        webhook_secrets=SecretBox(settings.secret),
        cursors=codec_for(settings.secret),
        body_limit=settings.max_body_bytes,
    )


def _rate_guard(settings: Settings) -> RateGuard:
    """In process on one node; in Redis when several nodes must enforce one limit."""
    limiter: Limiter = RedisLimiter(settings.redis_url) if settings.redis_url else MemoryLimiter()
    defaults = Allowance(
        settings.rate_limit_reads, settings.rate_limit_writes, settings.rate_limit_window
    )
    return RateGuard(limiter, LimitPolicy(defaults, settings.revocation_refresh_seconds))


class StateHolder(State):
    """The app's ``state``: Starlette's State, with ``relance`` (the AppState) as a plain
    attribute. The edge reads it on every request (tests may swap it between requests), and
    through State's ``__getattr__`` each read first failed the normal lookup, formatting an
    AttributeError only to drop it (5,000 instructions a request; callgrind)."""

    relance: AppState | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "relance":
            object.__setattr__(self, name, value)
        else:
            super().__setattr__(name, value)


# Where http.edge leaves the app's state in each request's scope: one dict lookup instead of
# three attribute lookups through Starlette's State, several times a request.
STATE_KEY = "relance.app_state"


def get_state(request: Request) -> AppState:
    state: AppState | None = request.scope.get(STATE_KEY)
    if state is None:
        state = request.app.state.relance
    assert state is not None
    return state
