"""The data columns of a survey: headers in their common variants, values as staff type them, and an error that
names the row and column of every unusable cell (pure Python)."""

from datetime import date

from selaras.connectivity.survey import (
    SurveyMapping,
    data_columns,
    outcome_decode,
    outcome_encode,
    parse_values,
    shown_errors,
    survey_preview,
)
from selaras.core.names.reader import SurveyColumns, SurveyTable

TODAY = date(2026, 11, 1)


def _table(header: tuple[str, ...], *rows: tuple[str, ...]) -> SurveyTable:
    return SurveyTable(
        "csv", header, SurveyColumns(village=0), 1, tuple(rows), tuple(range(2, 2 + len(rows)))
    )


def test_header_variants_are_recognized() -> None:
    columns = data_columns(("Desa", "SINYAL", "Sumber Listrik", "Kecepatan (Mbps)", "Status AP", "Sejak"))
    assert columns == {"signal": 1, "power": 2, "bandwidth": 3, "status": 4, "since": 5}


def test_values_as_typed_by_regency_staff_are_read() -> None:
    table = _table(
        ("Desa", "Sinyal", "Teknologi", "Status", "Listrik", "Bandwidth", "Sejak", "Fasilitas"),
        ("Samurangau", "Tidak ada", "Starlink", "Aktif", "PLTS", "50 Mbps", "31/08/2025", "Kantor Desa"),
        ("Busui", "4G LTE", "FO", "mati", "PLN", "20,5", "2025-07-01", "Puskesmas"),
    )
    parsed = parse_values(table, TODAY)
    assert parsed.errors == []
    assert parsed.values[0] == {
        "signal": "none",
        "technology": "leo",
        "status": "live",
        "power": "solar",
        "bandwidth": 50.0,
        "since": "2025-08-31",
        "facility": "village_office",
    }
    assert parsed.values[1]["technology"] == "fiber"
    assert parsed.values[1]["bandwidth"] == 20.5
    assert parsed.values[1]["facility"] == "health_post"


def test_an_unknown_value_is_reported_with_its_row_and_column_in_both_languages() -> None:
    table = _table(("Desa", "Sinyal"), ("Samurangau", "4G"), ("Busui", "kencang"))
    errors = parse_values(table, TODAY).errors
    assert shown_errors(errors, "id") == [
        "Baris 3, kolom 'Sinyal': 'kencang' tidak dikenali. Isi salah satu dari: tidak ada, 2G, 3G, 4G, 5G."
    ]
    assert shown_errors(errors, "en")[0].startswith("Row 3, column 'Sinyal': 'kencang' is not recognized")


def test_a_future_date_and_a_status_without_technology_are_refused() -> None:
    table = _table(("Desa", "Status", "Teknologi", "Tanggal"), ("Busui", "aktif", "", "2027-01-01"))
    rendered = shown_errors(parse_values(table, TODAY).errors, "en")
    assert "Row 2, column 'Tanggal': the date 2027-01-01 lies in the future." in rendered
    assert "Row 2: an access point needs both the 'Status' and the 'Teknologi' column filled in." in rendered


def test_a_survey_without_any_data_column_is_refused() -> None:
    errors = parse_values(_table(("Desa", "Keterangan"), ("Busui", "ok")), TODAY).errors
    assert shown_errors(errors, "en")[0].startswith("No connectivity data column.")


def test_a_column_mixing_signal_and_technology_is_split_by_the_value_table() -> None:
    table = _table(
        ("Desa", "Status Sinyal"),
        ("Perian", "Internet desa (VSAT)"),
        ("Busui", "Fiber"),
        ("Lori", "Ada sinyal 4G"),
        ("Lolo", "Blank Spot"),
        ("Muara", "4G"),
    )
    mapping = SurveyMapping(columns={"statussinyal": "signal"})
    parsed = parse_values(table, TODAY, mapping)
    assert parsed.errors == []
    assert parsed.values == [
        {"technology": "vsat", "status": "live"},
        {"technology": "fiber", "status": "live"},
        {"signal": "4g"},
        {"signal": "none"},
        {"signal": "4g"},
    ]


def test_a_technology_column_reads_4g_as_fixed_wireless_and_its_own_status_column_wins() -> None:
    table = _table(("Desa", "Teknologi", "Status", "Status Sinyal"), ("Busui", "4G", "rencana", "VSAT"))
    mapping = SurveyMapping(columns={"statussinyal": "signal"})
    assert parse_values(table, TODAY, mapping).values == [{"technology": "fwa_4g", "status": "planned"}]


def test_the_preview_lists_unknown_columns_and_values_and_the_regions_choices_win() -> None:
    table = _table(("Desa", "No", "Status Sinyal", "Catatan Lapangan"), ("Busui", "1", "Sinyal lemah", "x"))
    preview = survey_preview(table, SurveyMapping())
    assert [(c.title, c.field, c.origin) for c in preview.columns] == [
        ("No", "", "ignored"),
        ("Status Sinyal", None, "unknown"),
        ("Catatan Lapangan", None, "unknown"),
    ]
    assert preview.values == ()  # values of a column are listed once someone says what it holds
    mapping = SurveyMapping(
        columns={"statussinyal": "signal", "catatanlapangan": ""},
        values={("signal", "4g"): (("signal", "3g"),)},
    )
    preview = survey_preview(
        _table(table.header, ("Busui", "1", "Sinyal lemah", "x"), ("Lolo", "", "4G", "")), mapping
    )
    assert [(v.text, v.outcome, v.origin) for v in preview.values] == [
        ("Sinyal lemah", None, "unknown"),
        ("4G", (("signal", "3g"),), "region"),
    ]
    assert preview.needs_decision


def test_an_outcome_is_written_and_read_back_and_a_made_up_one_is_refused() -> None:
    outcome = outcome_decode("status=live,technology=vsat")
    assert outcome == (("technology", "vsat"), ("status", "live"))
    assert outcome_encode(outcome) == "technology=vsat,status=live"
    assert outcome_decode("") == ()
    assert outcome_decode("signal=6g") is None
    assert outcome_decode("signal=4g,signal=3g") is None
    assert outcome_decode("password=x") is None
