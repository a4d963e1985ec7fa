from __future__ import annotations

import csv

from selaras.core.names.command import OUTPUT_COLUMNS, run


def read_output(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_it_writes_the_input_rows_plus_the_five_contract_columns(tmp_path, capsys):
    survey = tmp_path / "survei.csv"
    survey.write_text(
        "No;Kab/Kota;Kecamatan;Desa;kode_wilayah\n"
        "1;Kukar;Muara Badak;Ds. Sei Bawang;lama\n"
        "2;Kab. Kukar;;Kampung Baru;\n"
        "3;Kubar;;Desa Antah Berantah Sekali;\n",
        encoding="utf-8",
    )
    out = tmp_path / "hasil.csv"
    assert run([str(survey), "--province", "64", "--out", str(out)]) == 0
    rows = read_output(out)
    assert tuple(OUTPUT_COLUMNS) == ("kode_wilayah", "nama_resmi", "skor", "status", "kandidat")
    # An input column named like an output column is replaced, not duplicated.
    assert rows[0] == ["No", "Kab/Kota", "Kecamatan", "Desa", *OUTPUT_COLUMNS]
    assert rows[1] == [
        "1",
        "Kukar",
        "Muara Badak",
        "Ds. Sei Bawang",
        "64.02.05.2013",
        "Sungai Bawang",
        "100",
        "exact",
        "",
    ]
    assert rows[2][4:8] == ["", "", "100", "ambiguous"]
    assert rows[2][8] == "64.02.06.1008;64.02.12.2008"
    assert rows[3][4:] == ["", "", rows[3][6], "unmatched", ""]
    assert "3 baris: 1 exact, 0 fuzzy, 1 ambiguous, 1 unmatched" in capsys.readouterr().out


def test_it_exits_2_with_a_bilingual_message_for_an_unusable_file(tmp_path, capsys):
    survey = tmp_path / "survei.csv"
    survey.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run([str(survey), "--out", str(tmp_path / "o.csv"), "--lang", "en"]) == 2
    assert "no village name column" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_it_exits_2_for_a_province_not_in_the_list(tmp_path, capsys):
    survey = tmp_path / "survei.csv"
    survey.write_text("Desa\nX\n", encoding="utf-8")
    assert run([str(survey), "--province", "99", "--out", str(tmp_path / "o.csv")]) == 2
    assert "Provinsi '99' tidak ada" in capsys.readouterr().err
