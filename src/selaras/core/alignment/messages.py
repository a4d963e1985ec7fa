"""Every message the synchronization analysis shows, in Indonesian (default) and English."""

from __future__ import annotations

from selaras.core.i18n import Msg

# Coverage gaps
GAP_NOT_SUPPORTED_BY_REGENCY = Msg(
    id="Indikator provinsi ini tidak didukung oleh indikator kabupaten/kota mana pun.",
    en="No regency/city indicator supports this provincial indicator.",
)
GAP_NATIONAL_NOT_SUPPORTED = Msg(
    id="Target nasional ini tidak didukung oleh indikator provinsi mana pun.",
    en="No provincial indicator supports this national target.",
)
GAP_MISSING_CONTRIBUTORS = Msg(
    id="Agregasi '{aggregation}' mengharapkan {expected} wilayah pendukung, {missing} belum ada: {regions}.",
    en="Aggregation '{aggregation}' expects {expected} supporting regions, {missing} are missing: {regions}.",
)

# Target shortfalls
SHORTFALL_CHILD = Msg(
    id="Tahun {year}: target {child} ({planned}) di bawah target {parent} yang didukungnya ({expected}).",
    en="Year {year}: {child}'s target ({planned}) falls short of the target it supports, "
    "{parent}'s ({expected}).",
)
SHORTFALL_AGGREGATE = Msg(
    id="Tahun {year}: agregat '{aggregation}' seluruh pendukung ({planned}) di bawah target {parent} "
    "({expected}).",
    en="Year {year}: the '{aggregation}' aggregate of all supporters ({planned}) falls short of "
    "{parent}'s target ({expected}).",
)

# Code problems
CODE_EMPTY = Msg(id="Kode program/kegiatan kosong.", en="The program/activity code is empty.")
CODE_MALFORMED = Msg(
    id="Kode '{code}' tidak berbentuk urusan (2.16), program (2.16.03), kegiatan (2.16.03.2.02) atau sub "
    "kegiatan (2.16.03.2.02.0024).",
    en="Code '{code}' is not shaped like an urusan (2.16), program (2.16.03), activity (2.16.03.2.02) or "
    "sub-activity (2.16.03.2.02.0024).",
)
CODE_REGENCY_USES_PROVINCE = Msg(
    id="Kode '{code}' memakai nomenklatur provinsi (bagian ke-4 = 1) pada baris kabupaten/kota.",
    en="Code '{code}' uses provincial nomenclature (4th part = 1) in a regency/city row.",
)
CODE_PROVINCE_USES_REGENCY = Msg(
    id="Kode '{code}' memakai nomenklatur kabupaten/kota (bagian ke-4 = 2) pada baris provinsi.",
    en="Code '{code}' uses regency/city nomenclature (4th part = 2) in a provincial row.",
)
CODE_NOT_IN_NOMENCLATURE = Msg(
    id="Peringatan: kode '{code}' tidak ada di nomenklatur yang dimuat (nomenklatur bisa belum lengkap).",
    en="Warning: code '{code}' is not in the loaded nomenclature (the list may be partial).",
)
ID_DUPLICATED = Msg(
    id="Id '{id}' dipakai oleh {count} baris; hanya baris pertama yang dianalisis.",
    en="Id '{id}' is used by {count} rows; only the first one is analysed.",
)
LINK_DANGLING = Msg(
    id="Baris ini mendukung '{mendukung}', yang tidak ada.",
    en="This row supports '{mendukung}', which does not exist.",
)
LINK_NOT_UPWARD = Msg(
    id="Baris wilayah {region} mendukung '{mendukung}' milik wilayah {parent_region}, yang bukan wilayahnya "
    "sendiri atau wilayah di atasnya.",
    en="A row of region {region} supports '{mendukung}' of region {parent_region}, which is neither its own "
    "region nor one above it.",
)
LINK_CYCLE = Msg(
    id="Tautan 'mendukung' membentuk siklus: {cycle}.",
    en="The 'mendukung' links form a cycle: {cycle}.",
)

# Program irisan: a reason is a list of these parts, joined when rendered.
IRISAN_DUPLIKASI = Msg(
    id="Duplikasi: keduanya memberikan hal yang sama di desa yang sama pada tahun yang sama",
    en="Duplication: both deliver the same thing to the same villages in the same year",
)
IRISAN_LAYANAN_BERSAMA = Msg(
    id="Layanan bersama: keduanya membangun/menjalankan {assets}, yang bisa disediakan satu pihak untuk "
    "bersama",
    en="Shared service: both build/run {assets}, which one party could provide for several",
)
IRISAN_KOLABORASI = Msg(
    id="Kolaborasi: provinsi dan kabupaten/kota mengejar hasil yang sama",
    en="Collaboration: province and regency/city pursue the same outcome",
)
EVIDENCE_VILLAGES = Msg(id="desa bersama: {count} ({sample})", en="shared villages: {count} ({sample})")
EVIDENCE_YEARS = Msg(id="tahun bersama: {years}", en="shared years: {years}")
EVIDENCE_TERMS = Msg(id="istilah cocok: {terms}", en="matched terms: {terms}")
EVIDENCE_BENEFICIARY = Msg(
    id="penerima manfaat sama: {beneficiaries}", en="same beneficiary: {beneficiaries}"
)
EVIDENCE_FIELD = Msg(id="bidang sama: {fields}", en="same field: {fields}")
EVIDENCE_AUDIENCES = Msg(
    id="sasaran berbeda: {mine} dan {theirs}", en="different audiences: {mine} and {theirs}"
)
EVIDENCE_CODE = Msg(id="kode sejenis: {code}", en="same code: {code}")
EVIDENCE_SIMILARITY = Msg(id="kemiripan uraian {percent}%", en="wording similarity {percent}%")

# Command line
CLI_NO_ROWS = Msg(
    id="Workbook tidak berisi baris yang bisa dianalisis.", en="The workbook holds no rows to analyse."
)
CLI_WORKBOOK_ERROR = Msg(
    id="{file}, lembar {sheet}, baris {row}, kolom {column}: {reason}",
    en="{file}, sheet {sheet}, row {row}, column {column}: {reason}",
)
CLI_WORKBOOK_WARNING = Msg(
    id="Peringatan, {file}, lembar {sheet}, baris {row}, kolom {column}: {reason}",
    en="Warning, {file}, sheet {sheet}, row {row}, column {column}: {reason}",
)
CLI_SET_ASIDE_WITH_ANOTHER = Msg(
    id="Disisihkan bersama baris lain yang bermasalah (lingkaran mendukung atau sel gabungan).",
    en="Set aside together with another row that has an error (a mendukung cycle or merged cells).",
)
CLI_ROWS = Msg(
    id="{read} baris dibaca dari {files} berkas: {analysed} dianalisis, {set_aside} disisihkan.",
    en="{read} rows read from {files} file(s): {analysed} analysed, {set_aside} set aside.",
)
CLI_SET_ASIDE_GROUP = Msg(
    id="  disisihkan, {count} baris, kolom {column}: {reason} (mis. {examples})",
    en="  set aside, {count} rows, column {column}: {reason} (e.g. {examples})",
)
CLI_WARNING_GROUP = Msg(
    id="  dianalisis dengan peringatan, {count} baris, kolom {column}: {reason} (mis. {examples})",
    en="  analysed with a warning, {count} rows, column {column}: {reason} (e.g. {examples})",
)
CLI_SUMMARY = Msg(
    id="{gaps} celah cakupan, {shortfalls} kekurangan target, {codes} masalah kode, {links} tautan putus, "
    "{irisan} kandidat irisan ({groups} kelompok).",
    en="{gaps} coverage gaps, {shortfalls} target shortfalls, {codes} code problems, {links} dangling links, "
    "{irisan} irisan candidates ({groups} groups).",
)
