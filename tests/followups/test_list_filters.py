"""The filter table drives parsing, statements, cursor fingerprints and OpenAPI (no database)."""

from __future__ import annotations

import pytest
from starlette.datastructures import QueryParams

from relance.followups.listing.filter_kinds import FollowupFilter
from relance.followups.listing.filters import FILTERS, ROW_FILTERS, SCOPE_FILTERS
from relance.followups.listing.query import ListQuery, parse_list_query
from relance.followups.listing.statements import Shape, bind_values, statement
from relance.followups.openapi import DEBT_LIST_PARAMETERS, LIST_PARAMETERS
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec, IdKind

IDS = IdCodec(b"test filters secret")
# One valid value per filter, and a second one of the same arity.
VALID = {
    "debt_id": (IDS.encode(IdKind.DEBT, 5), IDS.encode(IdKind.DEBT, 6)),
    "status": ("sent", "failed"),
    "type": ("call", "email"),
    "direction": ("inbound", "outbound"),
    "date_from": ("2024-01-01", "2024-02-01T10:00:00Z"),
    "date_to": ("2024-01-31", "2024-03-01T10:00:00Z"),
    "updated_since": ("2024-01-01", "2024-01-02"),
    "triggered_payment": ("true", "false"),
}


def _parse(**params: str) -> ListQuery:
    return parse_list_query(QueryParams(params), IDS)


def test_every_filter_has_a_sample() -> None:
    assert set(VALID) == {spec.name for spec in FILTERS}


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.name)
def test_a_bad_value_is_refused_with_the_filter_message(spec: FollowupFilter) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _parse(**{spec.name: "not-a-valid-value"})
    assert refused.value.details == {spec.name: spec.message}


def test_each_filter_changes_the_fingerprint_and_the_shape_not_the_statement_per_value() -> None:
    bare = _parse()
    resorted = _parse(sort="updated_at")
    fingerprints = {bare.fingerprint(1), bare.fingerprint(2), resorted.fingerprint(1)}
    for name, (first, second) in VALID.items():
        one, other = _parse(**{name: first}), _parse(**{name: second})
        fingerprints |= {one.fingerprint(1), other.fingerprint(1)}
        shape = Shape.of(one, cursor=False, after_null=None)
        assert shape == Shape.of(other, cursor=False, after_null=None)
        assert shape != Shape.of(bare, cursor=False, after_null=None)
        assert statement(shape) is statement(Shape.of(other, cursor=False, after_null=None))
        assert bind_values(one, 1) != bind_values(other, 1)
    assert len(fingerprints) == 3 + 2 * len(VALID)


def test_the_path_debt_wins_over_the_query_debt() -> None:
    query = parse_list_query(QueryParams({"debt_id": "garbage"}), IDS, debt_key=9)
    assert query.debt_key == 9
    assert not query.has_row_filters
    assert _parse(status="sent").has_row_filters


def test_openapi_documents_the_table() -> None:
    listed = [p["name"] for p in LIST_PARAMETERS["parameters"]]
    by_debt = [p["name"] for p in DEBT_LIST_PARAMETERS["parameters"]]
    assert [name for name in listed if name in VALID] == [spec.name for spec in FILTERS]
    assert [name for name in by_debt if name in VALID] == [spec.name for spec in ROW_FILTERS]
    assert not {spec.name for spec in SCOPE_FILTERS} & set(by_debt)
