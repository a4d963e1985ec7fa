"""`selaras sync analyze` on a workbook in the plans template, and the OUT.json contract."""

from __future__ import annotations

import dataclasses
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
    book = load_workbook(report, read_only=True)
    assert book.sheetnames[:6] == [
        "Matriks",
        "Celah cakupan",
        "Kekurangan target",
        "Masalah kode",
        "Tautan menggantung",
        "Irisan",
    ]
    gaps = list(book["Celah cakupan"].iter_rows(values_only=True))
    assert gaps[0] == ("Baris", "Jenis", "Wilayah yang belum", "Alasan")
    kinds = {row[1] for row in gaps[1:]}
    assert kinds and not kinds & {"tidak_didukung", "nasional_tidak_didukung", "kontributor_kurang"}


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


PROVINCE_WORKBOOK = (
    Path(__file__).resolve().parents[2] / "fixtures" / "rencana_provinsi_kaltim_2026_2030.xlsx"
)


def _write(path: Path, rows: list, years: tuple[int, ...] = (2026, 2027)) -> Path:  # type: ignore[type-arg]
    path.write_bytes(template.write_plan_template(rows, years))
    return path


def test_it_analyses_the_province_workbook_rows_with_warnings_and_says_so_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert run([str(PROVINCE_WORKBOOK), "--json", str(out), "--lang", "en"]) == 0
    stdout = capsys.readouterr().out
    assert "49 rows read from 1 file(s): 49 analysed, 0 set aside." in stdout
    assert "analysed with a warning, 44 rows, column agregasi" in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    assert (summary["rows_read"], summary["rows_analysed"], summary["rows_set_aside"]) == (49, 49, 0)
    assert summary["irisan"] > 0 and summary["set_aside_by_reason"] == []
    by_reason = {g["column"]: g for g in summary["warnings_by_reason"]}
    assert by_reason["kode"]["rows"] == 3 and by_reason["kode"]["examples"] == [
        "RPJMN-1",
        "RPJMN-2",
        "RPJMN-3",
    ]
    assert len(data["workbook_warnings"]) >= 44 and data["workbook_errors"] == []


def test_a_row_without_an_id_is_named_sheet_row_everywhere(tmp_path: Path) -> None:
    rows = load_rows(HERE / "evaluation_rows.csv")
    number = next(i for i, r in enumerate(rows) if r.id == "R_MHU_BTS")
    rows[number] = dataclasses.replace(rows[number], id="")
    out = tmp_path / "out.json"
    assert run([str(_write(tmp_path / "rencana.xlsx", rows)), "--json", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    name = f"Program!{number + 2}"
    pairs = {(c["a"], c["b"], c["type"]) for c in json.loads(text)["irisan"]}
    assert ("P10", name, "duplikasi") in pairs
    assert "R_MHU_BTS" not in text


def test_set_aside_rows_are_counted_and_grouped_by_reason(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    run([str(workbook), "--json", str(out), "--lang", "en"])
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert (summary["rows_read"], summary["rows_analysed"], summary["rows_set_aside"]) == (46, 40, 6)
    named = sorted(name for group in summary["set_aside_by_reason"] for name in group["examples"])
    assert named == sorted(["P12", "R_PPU_TIER", "R_BRU_BAD", "R_MHU_A", "R_MHU_B", "R_KTM_X"])
    cycle = next(g for g in summary["set_aside_by_reason"] if "cycle" in g["reason"])
    assert cycle["reason"] == "mendukung forms a cycle: …." and cycle["column"] == "mendukung"
    stdout = capsys.readouterr().out
    assert "46 rows read from 1 file(s): 40 analysed, 6 set aside." in stdout
    assert "set aside, 1 rows, column mendukung: mendukung forms a cycle" in stdout


def test_several_files_are_analysed_together_with_links_between_them(tmp_path: Path) -> None:
    rows = load_rows(HERE / "evaluation_rows.csv")
    province = _write(tmp_path / "provinsi.xlsx", [r for r in rows if not r.is_regency])
    regencies = _write(tmp_path / "kabupaten.xlsx", [r for r in rows if r.is_regency])
    both, single = tmp_path / "both.json", tmp_path / "single.json"
    assert run([str(province), str(regencies), "--json", str(both)]) == 0
    run([str(_write(tmp_path / "all.xlsx", rows)), "--json", str(single)])
    together, alone = (json.loads(p.read_text(encoding="utf-8")) for p in (both, single))
    assert [(c["a"], c["b"], c["type"]) for c in together["irisan"]] == [
        (c["a"], c["b"], c["type"]) for c in alone["irisan"]
    ]
    assert together["summary"]["rows_analysed"] == alone["summary"]["rows_analysed"]  # R_KKR_INT -> P01 holds
    assert [f["file"] for f in together["summary"]["files"]] == ["provinsi.xlsx", "kabupaten.xlsx"]


def test_rows_without_ids_in_two_files_keep_apart(tmp_path: Path) -> None:
    rows = [r for r in load_rows(HERE / "evaluation_rows.csv") if r.id in ("P10", "R_MHU_BTS")]
    first = _write(tmp_path / "a.xlsx", [dataclasses.replace(rows[0], id="")])
    second = _write(tmp_path / "b.xlsx", [dataclasses.replace(rows[1], id="", mendukung=None)])
    out = tmp_path / "out.json"
    assert run([str(first), str(second), "--json", str(out)]) == 0
    pair = json.loads(out.read_text(encoding="utf-8"))["irisan"][0]
    assert (pair["a"], pair["b"]) == ("Program!2", "b.xlsx:Program!2")


def test_the_command_reads_beyond_the_web_row_limit() -> None:
    from selaras.core.alignment.command import COMMAND_MAX_ROWS
    from selaras.core.plans.workbook import DEFAULT_MAX_ROWS

    assert COMMAND_MAX_ROWS >= 80_000 > DEFAULT_MAX_ROWS  # the benchmark reads 80,418 rows through it
