"""`selaras sync analyze` on a workbook in the plans template, and the OUT.json contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from selaras.core.alignment import SyncProblem, analyze_sync, result_to_dict
from selaras.core.alignment.command import run
from tests.core.alignment.rows_csv import HERE, load_rows

template = pytest.importorskip("selaras.core.plans.template")

CONTRACT = {
    "coverage_gaps": {"id", "reason"},
    "target_shortfalls": {"parent", "child", "year", "expected", "planned"},
    "code_errors": {"id", "code", "reason"},
    "dangling_links": {"id", "mendukung"},
    "irisan": {"a", "b", "type", "score", "reason"},
}


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(template.write_plan_template(load_rows(HERE / "evaluation_rows.csv"), (2026, 2027)))
    return path


def test_it_writes_the_json_contract_and_an_xlsx_report(workbook: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out.json", tmp_path / "report.xlsx"
    assert run([str(workbook), "--json", str(out), "--xlsx", str(report)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for name, keys in CONTRACT.items():
        assert data[name], name
        assert all(keys <= set(item) for item in data[name]), name
    assert any(
        {"a": "P10", "b": "R_MHU_BTS", "type": "duplikasi"}.items() <= i.items() for i in data["irisan"]
    )
    assert {
        (s["parent"], s["child"], s["year"], s["expected"], s["planned"]) for s in data["target_shortfalls"]
    } >= {
        ("N1", "P01", 2026, 90, 85),
        ("P05", None, 2027, 6000, 4800),
    }
    sheets = load_workbook(report, read_only=True).sheetnames
    assert sheets[:6] == [
        "matriks",
        "coverage_gaps",
        "target_shortfalls",
        "code_errors",
        "dangling_links",
        "irisan",
    ]


def test_rows_the_reader_refuses_are_reported_by_id_and_not_as_phantom_dangling_links(
    workbook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    run([str(workbook), "--json", str(out), "--lang", "en"])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {e["id"] for e in data["code_errors"]} == {"P12", "R_PPU_TIER", "R_BRU_BAD", "R_MHU_A", "R_SMD_Y"}
    # R_SMD_SC supports P12, which the reader refused: that link is not dangling.
    assert [(d["id"], d["mendukung"]) for d in data["dangling_links"]] == [("R_KTM_X", "P99")]
    assert all(e["id"] for e in data["workbook_errors"])
    assert data["language"] == "en"


def test_it_fails_cleanly_on_a_file_that_is_not_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert run([str(bad), "--json", str(tmp_path / "out.json")]) == 1
    assert not (tmp_path / "out.json").exists()
    assert "Workbook" in capsys.readouterr().err


def test_result_to_dict_keeps_numbers_as_json_numbers_and_renders_the_language() -> None:
    rows = tuple(load_rows(HERE / "evaluation_rows.csv"))
    data = result_to_dict(analyze_sync(SyncProblem(rows=rows)), "en")
    json.dumps(data)  # serialisable as is
    aggregate = next(s for s in data["target_shortfalls"] if s["parent"] == "P05" and s["year"] == 2026)
    assert (aggregate["child"], aggregate["expected"], aggregate["planned"]) == (None, 5000, 3900)
    assert data["coverage_gaps"][0]["reason"].endswith(".")
    assert all(item["reason"].isascii() or "→" in item["reason"] for item in data["code_errors"])
