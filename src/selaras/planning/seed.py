"""The shipped partial nomenclature seed (66 regency/city codes of 2.16, 2.20 and 2.21 from a public e-SAKIP
database). It is labelled partial wherever it shows; the official lists must be loaded over it."""

from __future__ import annotations

from pathlib import Path

from selaras.core.plans.nomenclature import NomenclatureEntry, read_nomenclature_list

SEED_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "nomenklatur" / "nomenklatur_kabkota_partial.csv"
)
SEED_DECREE = "PARSIAL: 66 kode kab/kota dari basis data e-SAKIP publik (bukan daftar resmi lengkap)"


def seed_entries() -> list[NomenclatureEntry]:
    entries, errors = read_nomenclature_list(SEED_FILE.read_bytes(), file_name=SEED_FILE.name)
    if errors:
        raise ValueError("; ".join(e.render("en") for e in errors))
    return entries
