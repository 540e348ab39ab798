"""Reading import files: every problem a file can have is a record refused with its line, the
other rows read on; a header the import cannot use refuses the whole file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from relance.bulk.importer import open_records
from relance.bulk.kinds import DEBTS, FOLLOWUPS
from relance.bulk.lines import survey
from relance.bulk.records import FileRefused, Record

DEBT = "ztS8-aMwm7lUgLVEVQaUuw"


def _records(tmp_path: Path, name: str, content: bytes, kind: str = "followups") -> list[Record]:
    path = tmp_path / name
    path.write_bytes(content)
    reader = open_records(
        path, path.suffix.lstrip("."), FOLLOWUPS if kind == "followups" else DEBTS
    )
    return list(reader)


def test_csv_cells_take_the_types_of_the_api_fields(tmp_path: Path) -> None:
    content = (
        "debt_id,type,duration_ms,is_retry,summary,notes\n"
        f"{DEBT},call,180000,true,Agreed,\n"
        f"{DEBT},call,three,maybe,Plain text stays text,\n"
    ).encode()
    good, odd = _records(tmp_path, "f.csv", content)
    assert good.payload == {
        "debt_id": DEBT,
        "type": "call",
        "duration_ms": 180000,
        "is_retry": True,
        "summary": "Agreed",
    }  # the empty cell (notes) is an absent field
    # Unreadable as their types, the cells go on as text for the API's own rule to refuse.
    assert odd.payload is not None
    assert (odd.payload["duration_ms"], odd.payload["is_retry"]) == ("three", "maybe")


def test_debt_metadata_cells_are_json_and_amounts_stay_exact(tmp_path: Path) -> None:
    content = (
        b'firstname,lastname,amount,currency,email,metadata\nA,B,10.10,EUR,a@b.fr,"{""k"": 1.5}"\n'
    )
    (record,) = _records(tmp_path, "d.csv", content, kind="debts")
    assert record.payload is not None
    assert record.payload["metadata"] == {"k": Decimal("1.5")}
    assert record.payload["amount"] == "10.10"


def test_a_quoted_value_may_span_lines_and_the_row_keeps_its_first_line(tmp_path: Path) -> None:
    content = f'debt_id,notes\n{DEBT},"two\nlines"\n{DEBT},after\n'.encode()
    spanning, after = _records(tmp_path, "f.csv", content)
    assert (spanning.line, spanning.last_line) == (2, 3)
    assert spanning.payload == {"debt_id": DEBT, "notes": "two\nlines"}
    assert after.line == 4


def test_a_bom_and_crlf_line_endings_are_read(tmp_path: Path) -> None:
    content = f"\ufeffdebt_id,summary\r\n{DEBT},x\r\n".encode()
    (record,) = _records(tmp_path, "f.csv", content)
    assert record.payload == {"debt_id": DEBT, "summary": "x"}


def test_csv_problems_are_refused_rows_with_their_lines(tmp_path: Path) -> None:
    content = (
        b"debt_id,summary\n"
        + f"{DEBT},fine\n".encode()
        + f"{DEBT},caf\xe9 in latin-1\n".encode("latin-1")
        + f'{DEBT},"bad"quote\n'.encode()
        + f"{DEBT},one,too many\n".encode()
        + f"{DEBT},also fine\n".encode()
        + f'{DEBT},"cut in the midd'.encode()
    )
    records = _records(tmp_path, "f.csv", content)
    assert [r.line for r in records] == [2, 3, 4, 5, 6, 7]
    refusals = {r.line: r.refusal for r in records if r.refusal is not None}
    assert [r.line for r in records if r.payload is not None] == [2, 6]
    assert refusals[3] is not None
    assert refusals[3].message == "Invalid encoding"
    assert refusals[3].details == {"row": "Not UTF-8 from byte 27: save as UTF-8"}
    assert refusals[4] is not None
    assert refusals[4].message == "Malformed row"
    assert refusals[5] is not None
    assert refusals[5].details == {"row": "3 values for 2 columns"}
    assert refusals[7] is not None
    assert refusals[7].message == "Truncated row"
    assert records[-1].text == f'{DEBT},"cut in the midd'


def test_a_last_line_without_newline_is_a_row_when_it_is_whole(tmp_path: Path) -> None:
    (record,) = _records(tmp_path, "f.csv", f"debt_id,summary\n{DEBT},whole".encode())
    assert record.payload == {"debt_id": DEBT, "summary": "whole"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"debt_id,sumary,colour\n", 'line 1: unknown columns: "sumary", "colour"'),
        (b"debt_id,summary,summary\n", 'line 1: duplicated columns: "summary"'),
        (b"\n\n", "the file is empty"),
        (b"debt_id,r\xe9sum\xe9\n", "line 1: the header is not UTF-8"),
    ],
    ids=["unknown", "duplicated", "empty", "encoding"],
)
def test_a_header_the_import_cannot_use_refuses_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    with pytest.raises(FileRefused, match=message):
        _records(tmp_path, "f.csv", content)


def test_columns_the_api_writes_itself_are_ignored_so_an_export_imports_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,firstname,lastname,amount,currency,email,amount_paid,status\n")
    reader = open_records(path, "csv", DEBTS)
    assert reader.ignored == ["amount_paid", "id", "status"]


def test_jsonl_lines_are_read_by_the_endpoint_json_reader(tmp_path: Path) -> None:
    content = (
        f'{{"debt_id": "{DEBT}", "duration_ms": 12, "id": "dropped"}}\n'
        "\n"
        "[1, 2]\n"
        '{"debt_id": oops}\n'
        f'{{"debt_id": "{DEBT}", "summary": "cut'
    ).encode()
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    reader = open_records(path, "jsonl", FOLLOWUPS)
    records = list(reader)
    assert [r.line for r in records] == [1, 3, 4, 5]
    assert records[0].payload == {"debt_id": DEBT, "duration_ms": 12}
    assert reader.ignored == ["id"]
    messages = [r.refusal.message if r.refusal else None for r in records]
    assert messages == [None, "Invalid JSON payload", "Invalid JSON payload", "Truncated row"]
    assert records[1].refusal is not None
    assert records[1].refusal.details == {"row": "Must be a JSON object"}


def test_survey_counts_lines_and_hashes_the_content(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(b"a\nb\nc")
    second.write_bytes(b"a\nb\nc")
    assert survey(first).lines == 3
    assert survey(first).sha256 == survey(second).sha256
    second.write_bytes(b"a\nb\nc\n")
    assert survey(second).lines == 3
    assert survey(first).sha256 != survey(second).sha256
