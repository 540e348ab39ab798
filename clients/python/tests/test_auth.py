"""Token fetch, refresh with rotation, and re-authentication after a 401, against the server."""

from __future__ import annotations

import time

import httpx

from relance_client import Debt, Relance

from loopback_proxy import LoopbackProxy
from relance_server import Credentials


def test_the_token_is_fetched_once_and_reused(proxied: Relance, proxy: LoopbackProxy) -> None:
    for _ in range(3):
        proxied.debts.list()
    (token,) = proxy.token_requests()
    assert token.form()["grant_type"] == "client_credentials"
    bearers = {seen.headers["authorization"] for seen in proxy.api_requests()}
    assert len(bearers) == 1


def test_a_token_near_expiry_is_refreshed_and_the_refresh_token_rotates(
    proxy: LoopbackProxy, credentials: Credentials
) -> None:
    # The server issues 3600 s tokens: with a 3599 s margin one is "near expiry" after 1 s.
    with Relance(
        proxy.base_url,
        credentials.client_id,
        credentials.client_secret,
        token_refresh_margin=3599,
    ) as client:
        client.debts.list()
        first_refresh_token = client.auth.refresh_token
        time.sleep(1.1)
        client.debts.list()
        second_refresh_token = client.auth.refresh_token
        time.sleep(1.1)
        client.debts.list()
    forms = [seen.form() for seen in proxy.token_requests()]
    assert [form["grant_type"] for form in forms] == [
        "client_credentials",
        "refresh_token",
        "refresh_token",
    ]
    # Each refresh presents the token the previous answer rotated in; the server would revoke
    # the whole chain on a reuse, and then answer 400 instead of 200.
    assert forms[1]["refresh_token"] == first_refresh_token
    assert forms[2]["refresh_token"] == second_refresh_token != first_refresh_token
    assert [seen.status for seen in proxy.token_requests()] == [200, 200, 200]
    assert len({seen.headers["authorization"] for seen in proxy.api_requests()}) == 3


def test_a_401_renews_the_token_once_and_succeeds(
    proxied: Relance, proxy: LoopbackProxy, credentials: Credentials, debt: Debt
) -> None:
    proxied.debts.get(debt.id)
    revoked = proxy.api_requests()[0].headers["authorization"].removeprefix("Bearer ")
    answer = httpx.post(
        f"{proxy.upstream}/revoke",
        data={
            "token": revoked,
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert answer.status_code == 200

    assert proxied.debts.get(debt.id).id == debt.id
    statuses = [(seen.path, seen.status) for seen in proxy.seen]
    assert statuses[-3:] == [
        (f"/external-api/v1/debts/{debt.id}", 401),
        ("/token", 200),
        (f"/external-api/v1/debts/{debt.id}", 200),
    ]
    assert proxy.seen[-1].headers["authorization"] != f"Bearer {revoked}"
