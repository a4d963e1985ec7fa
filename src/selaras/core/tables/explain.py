"""The one mapping from an exception to what a user reads: a bilingual `Text` that says what went wrong and
what to do, never a library's own words ("File is not a zip file", "'charmap' codec can't decode ...").

Every reader, upload path and background job that shows a failure goes through `explain`."""

from __future__ import annotations

import csv
import zipfile
from typing import Any

from selaras.core.i18n import Msg, Text

# The encodings `decode_text` tries, as people know them.
TRIED_ENCODINGS = "UTF-8, UTF-16, Windows-1252, Latin-1"

BAD_ENCODING = Msg(
    id="Berkas '{name}' tidak dapat dibaca sebagai teks: hurufnya tidak cocok dengan pengodean yang dicoba "
    "({encodings}). Simpan ulang sebagai CSV UTF-8 (di Excel: Simpan Sebagai > CSV UTF-8).",
    en="File '{name}' cannot be read as text: its characters fit none of the encodings tried ({encodings}). "
    "Save it again as CSV UTF-8 (in Excel: Save As > CSV UTF-8).",
)
NOT_TEXT = Msg(
    id="Berkas '{name}' berisi data biner, bukan teks CSV. Simpan ulang sebagai CSV UTF-8 atau Excel "
    "Workbook (.xlsx).",
    en="File '{name}' holds binary data, not CSV text. Save it again as CSV UTF-8 or Excel Workbook (.xlsx).",
)
BAD_CSV = Msg(
    id="Berkas '{name}' bukan CSV yang sah (tanda kutip atau pemisah kolom tidak lengkap). Buka di Excel atau "
    "LibreOffice lalu simpan ulang sebagai CSV UTF-8.",
    en="File '{name}' is not a valid CSV (an unclosed quote or column separator). Open it in Excel or "
    "LibreOffice and save it again as CSV UTF-8.",
)
NOT_WORKBOOK = Msg(
    id="Berkas '{name}' bukan .xlsx yang sah; simpan ulang sebagai Excel Workbook (.xlsx).",
    en="File '{name}' is not a valid .xlsx file; save it again as Excel Workbook (.xlsx).",
)
UNEXPECTED = Msg(
    id="Pekerjaan berhenti karena kesalahan yang tidak terduga; tidak ada yang diubah. Coba lagi; bila terulang, "
    "hubungi administrator (rinciannya tercatat di log server).",
    en="The work stopped on an unexpected error; nothing was changed. Try again; if it happens again, contact "
    "the administrator (the details are in the server log).",
)


def explain(error: BaseException, name: str = "upload") -> Text:
    """What `error` means for the user of file `name`: the bilingual text a Selaras error carries (`.text`),
    else a known library failure mapped to what to do, else a general message (the details stay in the log)."""
    text: Any = getattr(error, "text", None)
    if isinstance(text, Text):
        return text
    if isinstance(text, Msg):
        return text()
    if isinstance(error, UnicodeError):
        return BAD_ENCODING(name=name, encodings=TRIED_ENCODINGS)
    if isinstance(error, zipfile.BadZipFile):
        return NOT_WORKBOOK(name=name)
    if isinstance(error, csv.Error):
        return BAD_CSV(name=name)
    texts = getattr(error, "texts", None)  # a ServiceError: its first reason, when it is bilingual
    if texts and isinstance(texts[0], Text):
        return texts[0]
    return UNEXPECTED()
