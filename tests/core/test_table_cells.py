"""Every table we write escapes text a spreadsheet would run as a formula, csv like xlsx."""

import csv
import io

from selaras.core.tables.cells import csv_bytes, escape_text, unescape_text


def test_it_prefixes_an_apostrophe_to_each_formula_start_and_leaves_other_text() -> None:
    for text in ("=1+1", "+62", "-5", "@cmd", "\tx", "\rx"):
        assert escape_text(text) == "'" + text and unescape_text(escape_text(text)) == text
    assert escape_text("Desa Sukamaju") == "Desa Sukamaju" and escape_text("") == ""


def test_a_csv_download_escapes_text_cells_but_keeps_numbers() -> None:
    body = csv_bytes([["nama", "lat"], ['=HYPERLINK("http://x")', -1.5]]).decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]))) == [["nama", "lat"], ['\'=HYPERLINK("http://x")', "-1.5"]]
