"""Program irisan on tiny plans, and invariants on the evaluation set."""

from __future__ import annotations

import random
from dataclasses import replace

from selaras.core.alignment import IrisanType, SyncProblem, analyze_sync
from selaras.core.alignment import messages as m
from selaras.core.plans.rows import PlanRow
from tests.core.alignment.helpers import row
from tests.core.alignment.rows_csv import HERE, load_rows


def _pairs(*rows: PlanRow) -> dict[frozenset[str], IrisanType]:
    return {frozenset((c.a, c.b)): c.type for c in analyze_sync(SyncProblem(rows=rows)).irisan}


def test_two_connectivity_programs_listing_the_same_desa_in_the_same_year_are_a_duplication() -> None:
    province = row(
        "P",
        "64",
        kode="2.16.03.1.02.0010",
        uraian="Penyediaan Internet Desa Gratis",
        indikator="Jumlah desa terhubung internet",
        satuan="desa",
        targets={2026: "10"},
        lokasi=("64.01.01.2001", "64.01.01.2002"),
    )
    regency = row(
        "A",
        "64.01",
        kode="2.16.03.2.02.0024",
        uraian="Penyediaan akses internet di kampung",
        indikator="Jumlah kampung yang memiliki akses internet",
        satuan="kampung",
        targets={2026: "2"},
        lokasi=("64.01.01.2002",),
    )
    assert _pairs(province, regency) == {frozenset("PA"): IrisanType.DUPLIKASI}
    later = replace(regency, targets_by_year={2028: regency.targets_by_year[2026]})
    assert _pairs(province, later) == {frozenset("PA"): IrisanType.KOLABORASI}  # no shared year


def test_two_regencies_each_building_a_data_center_could_share_one() -> None:
    a = row(
        "A", "64.01", uraian="Pembangunan Data Center", indikator="Tersedianya data center", satuan="unit"
    )
    b = row("B", "64.02", uraian="Pengadaan ruang server", indikator="Persentase aplikasi di ruang server")
    candidates = analyze_sync(SyncProblem(rows=(a, b))).irisan
    assert [(c.a, c.b, c.type) for c in candidates] == [("A", "B", IrisanType.LAYANAN_BERSAMA)]
    assert candidates[0].reason[0] == m.IRISAN_LAYANAN_BERSAMA(assets="pusat data")


def test_regencies_doing_the_same_thing_for_themselves_are_not_a_collaboration() -> None:
    a = row(
        "A",
        "64.01",
        uraian="Pelatihan literasi digital masyarakat",
        indikator="Jumlah peserta literasi digital",
    )
    b = replace(a, id="B", kode_wilayah="64.02")
    assert _pairs(a, b) == {}


def test_the_same_aim_for_different_audiences_is_a_collaboration_that_names_both_audiences() -> None:
    province = row("P", "64", uraian="Pelatihan literasi digital bagi ASN", indikator="Jumlah ASN terlatih")
    regency = row(
        "A", "64.01", uraian="Pelatihan literasi digital bagi pelajar", indikator="Jumlah siswa terlatih"
    )
    (candidate,) = analyze_sync(SyncProblem(rows=(province, regency))).irisan
    assert candidate.type == IrisanType.KOLABORASI
    assert m.EVIDENCE_AUDIENCES(mine="asn", theirs="pelajar") in candidate.reason
    same = replace(
        regency, uraian="Pelatihan literasi digital untuk aparatur", indikator="Jumlah pegawai terlatih"
    )
    (candidate,) = analyze_sync(SyncProblem(rows=(province, same))).irisan
    assert m.EVIDENCE_BENEFICIARY(beneficiaries="asn") in candidate.reason


def test_connectivity_work_in_the_same_villages_and_year_is_a_duplication_whatever_its_wording() -> None:
    province = row(
        "P",
        "64",
        kode="",
        uraian="Penyediaan internet gratis di kantor desa",
        indikator="Jumlah desa yang mendapat layanan internet gratis",
        satuan="desa",
        targets={2026: "841"},
        lokasi=("64.02.01.2003", "64.02.08.2008"),
    )
    regency = row(
        "A",
        "64.02",
        kode="",
        uraian="Pembangunan menara repeater penguat sinyal di area blank spot",
        indikator="Jumlah repeater terbangun di pusat pemerintahan kampung",
        satuan="unit",
        targets={2026: "9"},
        lokasi=("64.02.08.2008",),
    )
    (candidate,) = analyze_sync(SyncProblem(rows=(province, regency))).irisan
    assert candidate.type == IrisanType.DUPLIKASI
    assert candidate.similarity < 0.2  # the wording alone would not have said so
    assert m.EVIDENCE_FIELD(fields="akses") in candidate.reason
    later = replace(regency, targets_by_year={2022: regency.targets_by_year[2026]})
    assert _pairs(province, later) == {frozenset("PA"): IrisanType.KOLABORASI}  # same field, no shared year


def test_other_work_in_the_same_villages_needs_similar_wording_to_be_a_duplication() -> None:
    internet = row(
        "P", "64", uraian="Penyediaan internet desa", targets={2026: "5"}, lokasi=("64.02.01.2003",)
    )
    census = row(
        "A",
        "64.02",
        uraian="Pendataan objek wisata",
        indikator="Jumlah objek wisata terdata",
        targets={2026: "5"},
        lokasi=("64.02.01.2003",),
    )
    assert _pairs(internet, census) == {}


def test_one_shared_service_named_in_other_words_or_abbreviations_is_a_shared_service() -> None:
    names = [
        ("Pembentukan CSIRT kabupaten", "Operasional Tim Tanggap Insiden Siber (TTIS)"),
        ("Penerapan TTE bagi pejabat", "Penerbitan sertifikat elektronik ASN"),
        ("Layanan digital signature", "Fasilitasi tanda tangan elektronik"),
        ("Pengembangan Portal Satu Data", "Pengelolaan open data kabupaten"),
        ("Penyelenggaraan SDI tingkat kabupaten", "Pengembangan portal data terbuka"),
    ]
    for left, right in names:
        a = row("A", "64.01", uraian=left, indikator=left)
        b = row("B", "64.02", uraian=right, indikator=right)
        assert _pairs(a, b) == {frozenset("AB"): IrisanType.LAYANAN_BERSAMA}, (left, right)


def test_nomenclature_citing_the_satu_data_principle_is_no_shared_portal() -> None:
    title = "Penyelenggaraan Statistik Sektoral yang sesuai dengan Prinsip Satu Data Indonesia"
    a = row("A", "64.01", uraian=title, indikator="Jumlah data statistik sektoral yang memenuhi prinsip SDI")
    b = replace(a, id="B", kode_wilayah="64.02")
    assert _pairs(a, b) == {}
    province = replace(a, id="P", kode_wilayah="64", uraian="Penyelenggaraan Statistik Sektoral Provinsi")
    assert _pairs(province, a) == {frozenset("PA"): IrisanType.KOLABORASI}


def test_a_province_and_a_regency_working_in_one_field_collaborate_though_worded_apart() -> None:
    province = row(
        "P", "64", kode="", uraian="Penyelenggaraan internet desa", indikator="Jumlah desa terhubung"
    )
    regency = row(
        "A",
        "64.09",
        kode="",
        uraian="Pengusulan titik blank spot kepada kementerian",
        indikator="Jumlah titik yang diusulkan dibangun BTS",
    )
    cipher = row(
        "B",
        "64.07",
        kode="",
        uraian="Operasionalisasi Jaring Komunikasi Sandi",
        indikator="Jumlah perangkat daerah terhubung jaring komunikasi sandi",
    )
    assert _pairs(province, regency, cipher) == {frozenset("PA"): IrisanType.KOLABORASI}


def test_rows_of_one_region_of_other_provinces_or_of_the_nation_are_never_paired() -> None:
    base = row("P", "64", uraian="Pembangunan pusat data", indikator="Tersedianya pusat data", satuan="unit")
    same_region = replace(base, id="Q")
    other_province = replace(base, id="J", kode_wilayah="63.01")
    national = replace(base, id="N", kode_wilayah="00", kode="")
    assert _pairs(base, same_region, other_province, national) == {}


def test_identical_routine_rows_are_never_irisan() -> None:
    salaries = row("P", "64", kode="2.16.01.1.02.0001", uraian="Penyediaan Gaji dan Tunjangan ASN")
    website = row(
        "Q", "64", kode="2.16.03.1.01.0004", uraian="Pengelolaan website resmi", indikator="Website aktif"
    )
    assert (
        _pairs(
            salaries,
            replace(salaries, id="A", kode_wilayah="64.01", kode="2.16.01.2.02.0001"),
            website,
            replace(website, id="B", kode_wilayah="64.01", kode="2.16.03.2.01.0004"),
        )
        == {}
    )


def test_renaming_and_shuffling_rows_changes_no_candidate() -> None:
    rows = load_rows(HERE / "evaluation_rows.csv")
    rng = random.Random(11)  # noqa: S311 -- seeded test data, not cryptography
    new_ids = {r.id: f"x{rng.randrange(10**9)}" for r in rows}
    renamed = [
        replace(r, id=new_ids[r.id], mendukung=new_ids.get(r.mendukung or "", r.mendukung)) for r in rows
    ]
    rng.shuffle(renamed)

    def key(result_rows: list[PlanRow], ids: dict[str, str]) -> set[tuple[frozenset[str], str, float]]:
        found = analyze_sync(SyncProblem(rows=tuple(result_rows))).irisan
        return {(frozenset((ids.get(c.a, c.a), ids.get(c.b, c.b))), c.type.value, c.score) for c in found}

    assert key(renamed, {}) == key(rows, new_ids)


def test_groups_are_the_connected_components_of_the_pairs() -> None:
    result = analyze_sync(SyncProblem(rows=tuple(load_rows(HERE / "evaluation_rows.csv"))))
    in_pairs = {c.a for c in result.irisan} | {c.b for c in result.irisan}
    in_groups = [i for g in result.irisan_groups for i in g.ids]
    assert sorted(in_groups) == sorted(in_pairs)  # every row in exactly one group
    group_of = {i: n for n, g in enumerate(result.irisan_groups) for i in g.ids}
    assert all(group_of[c.a] == group_of[c.b] for c in result.irisan)
    assert ("P03", "R_BPN_DC", "R_SMD_DC") in [g.ids for g in result.irisan_groups]


def test_a_higher_score_floor_keeps_a_subset() -> None:
    rows = tuple(load_rows(HERE / "evaluation_rows.csv"))
    low = analyze_sync(SyncProblem(rows=rows)).irisan
    high = analyze_sync(
        SyncProblem(rows=rows, irisan=replace(SyncProblem(rows=()).irisan, min_score=0.7))
    ).irisan
    assert {(c.a, c.b) for c in high} < {(c.a, c.b) for c in low}
    assert all(c.score >= 0.7 or c.type == IrisanType.DUPLIKASI for c in high)  # duplications always stay
