from __future__ import annotations

import random

import pytest

from selaras.core.names import (
    MatchStatus,
    VillageIndex,
    VillageQuery,
    generate_messy_survey,
    match_survey,
    match_village,
    match_villages,
    read_survey,
)
from selaras.core.names.matcher import (
    DISTRICT_UNKNOWN,
    FOUND_IN_OTHER_DISTRICT,
    NAME_EMPTY,
    REGENCY_UNKNOWN,
)
from selaras.core.names.messy import EXPECT_AMBIGUOUS, EXPECT_CODE, EXPECT_UNMATCHED
from selaras.core.regions_data import Level, OfficialRegion

from .tiny import tiny_regions


def match(index: VillageIndex, village: str, district: str | None = None, regency: str | None = "Kukar"):
    return match_village(index, VillageQuery(village=village, district=district, regency=regency))


@pytest.mark.parametrize(
    "typed",
    [
        "Sungai Bawang",
        "SUNGAI BAWANG",
        "sungai-bawang",
        "Desa Sei Bawang",
        "Ds. S. Bawang",
        "Sg.Bawang",
        "  sungaibawang ",
    ],
)
def test_it_matches_prefix_case_punctuation_and_abbreviation_variants_exactly(tiny_index, typed):
    result = match(tiny_index, typed)
    assert (result.status, result.code, result.score) == (MatchStatus.EXACT, "64.02.01.2001", 100)
    assert result.official_name == "Sungai Bawang"


@pytest.mark.parametrize("typed", ["Tiong Buu", "Tiong Bu\u2019u", "TIONG BU`U", "Tióng Bu'u"])
def test_it_ignores_apostrophe_variants_and_accents(tiny_index, typed):
    assert match(tiny_index, typed).code == "64.02.01.2005"


def test_it_reads_roman_numerals_and_digits_as_the_same_name(tiny_index):
    assert match(tiny_index, "Sidomulyo 2").code == "64.02.01.2004"
    assert match(tiny_index, "Kel. Tj. Harapan").code == "64.02.01.1003"


@pytest.mark.parametrize("regency", ["Kukar", "KAB. KUKAR", "Kab Kutai Kartanegara", "kutai kartanegara"])
def test_it_recognizes_regency_names_in_local_use(tiny_index, regency):
    result = match(tiny_index, "Jembayan Dalam", regency=regency)
    assert (result.status, result.code) == (MatchStatus.EXACT, "64.02.02.2002")


def test_it_flags_a_name_found_twice_in_the_regency_as_ambiguous_without_a_district(tiny_index):
    result = match(tiny_index, "Kampung Baru")
    assert result.status == MatchStatus.AMBIGUOUS
    assert result.code is None
    assert {c.code for c in result.candidates} == {"64.02.01.2002", "64.02.02.2001"}
    assert {c.district_name for c in result.candidates} == {"Tenggarong", "Loa Kulu"}


def test_it_uses_the_district_to_pick_one_of_two_same_named_villages(tiny_index):
    result = match(tiny_index, "Kp. Baru", district="Kec. Loa Kulu")
    assert (result.status, result.code) == (MatchStatus.EXACT, "64.02.02.2001")


def test_it_gives_a_typo_as_fuzzy_with_a_score_below_100(tiny_index):
    result = match(tiny_index, "Jembayan Dalm", district="Loa Kulu")
    assert (result.status, result.code) == (MatchStatus.FUZZY, "64.02.02.2002")
    assert 80 <= result.score < 100
    assert result.candidates[0].code == "64.02.02.2002"


def test_it_leaves_an_invented_name_unmatched_with_suggestions_only(tiny_index):
    result = match(tiny_index, "Desa Makmur Sentosa Raya")
    assert (result.status, result.code, result.official_name) == (MatchStatus.UNMATCHED, None, None)


def test_it_reports_an_empty_name_as_unmatched(tiny_index):
    result = match(tiny_index, " - ")
    assert result.status == MatchStatus.UNMATCHED
    assert [n.render("en") for n in result.notes] == [NAME_EMPTY.render("en")]


def test_it_never_gives_exact_when_the_name_is_in_another_district(tiny_index):
    result = match(tiny_index, "Sungai Bawang", district="Loa Kulu")
    assert (result.status, result.code) == (MatchStatus.FUZZY, "64.02.01.2001")
    assert result.notes[0] == FOUND_IN_OTHER_DISTRICT(district="Loa Kulu", found="Tenggarong")


def test_it_searches_the_regency_when_the_district_is_unknown(tiny_index):
    result = match(tiny_index, "Rempanga", district="Kecamatan Entah")
    assert (result.status, result.code) == (MatchStatus.EXACT, "64.02.02.2003")
    assert DISTRICT_UNKNOWN(text="Kecamatan Entah") in result.notes


def test_it_downgrades_to_fuzzy_when_the_regency_is_not_recognized(tiny_index):
    result = match(tiny_index, "Rempanga", regency="Kabupaten Antah Berantah")
    assert (result.status, result.code) == (MatchStatus.FUZZY, "64.02.02.2003")
    assert result.notes[0] == REGENCY_UNKNOWN(text="Kabupaten Antah Berantah")


def test_it_keeps_kabupaten_and_kota_of_the_same_name_apart_only_when_told(tiny_index):
    assert match(tiny_index, "Loa Bakung", regency="Kota Samarinda").code == "64.72.01.1001"
    assert match(tiny_index, "Loa Bakung", regency="Kab. Samarinda").code == "64.06.01.2001"
    both = match(tiny_index, "Loa Bakung", regency="Samarinda")
    assert both.status == MatchStatus.AMBIGUOUS
    assert {c.code for c in both.candidates} == {"64.72.01.1001", "64.06.01.2001"}


def test_it_drops_a_typed_prefix_word_but_never_guesses_a_dropped_official_one(tiny_index):
    # "Kampung Rempanga" may be the desa "Rempanga" written with its prefix: found, but only that one.
    result = match(tiny_index, "Kampung Rempanga")
    assert (result.status, result.code) == (MatchStatus.EXACT, "64.02.02.2003")
    # "Baru" alone is the official "Kampung Baru" without its first word: a guess, and here a double one.
    assert match(tiny_index, "Baru").status == MatchStatus.AMBIGUOUS


def test_it_uses_the_whole_index_when_the_survey_names_no_regency(tiny_index):
    assert match(tiny_index, "Karang Asam Ulu", regency=None).code == "64.72.01.1002"
    assert match(tiny_index, "Loa Bakung", regency="").status == MatchStatus.AMBIGUOUS


def test_matching_in_a_batch_gives_the_same_results_as_one_by_one(tiny_index):
    queries = [
        VillageQuery("Kampung Baru", None, "Kukar"),
        VillageQuery("Sei Bawang", "Tenggarong", "Kukar"),
        VillageQuery("Jembayan Dalm", "Loa Kulu", "Kukar"),
        VillageQuery("Entah", None, "Kukar"),
    ]
    fresh = [match_village(VillageIndex(tiny_regions()), q) for q in queries]
    assert match_villages(tiny_index, queries) == fresh


def test_shuffling_the_official_list_changes_no_result(tiny_index):
    regions = tiny_regions()
    random.Random(4).shuffle(regions)  # noqa: S311 -- seeded order, not cryptography
    shuffled = VillageIndex(regions)
    for typed in ("Kampung Baru", "Sei Bawang", "Jembayan Dalm", "Baru", "Loa Bakung"):
        query = VillageQuery(typed, None, "Kukar")
        assert match_village(shuffled, query) == match_village(tiny_index, query)


def test_on_a_seeded_messy_kaltim_survey_exact_is_never_wrong_and_expectations_hold(
    kaltim_regions, kaltim_index
):
    rows = generate_messy_survey(kaltim_regions, 1500, seed=11)
    results = match_villages(kaltim_index, [VillageQuery(r.village, r.district, r.regency) for r in rows])
    wrong_exact = [
        r for r, m in zip(rows, results, strict=True) if m.status == "exact" and m.code != r.truth_code
    ]
    assert wrong_exact == []
    ambiguous = [(r, m) for r, m in zip(rows, results, strict=True) if r.expect == EXPECT_AMBIGUOUS]
    assert ambiguous
    assert all(m.status == MatchStatus.AMBIGUOUS for _r, m in ambiguous)
    assert all(r.truth_code in {c.code for c in m.candidates} for r, m in ambiguous)
    invented = [m for r, m in zip(rows, results, strict=True) if r.expect == EXPECT_UNMATCHED]
    assert invented
    assert all(m.status == MatchStatus.UNMATCHED for m in invented)
    matchable = [(r, m) for r, m in zip(rows, results, strict=True) if r.expect == EXPECT_CODE]
    right = sum(m.code == r.truth_code for r, m in matchable)
    assert right / len(matchable) >= 0.98


def test_an_added_village_elsewhere_never_changes_an_exact_match_into_a_wrong_one(kaltim_regions):
    # Invariant: adding a same-named village in another regency leaves rows scoped to their regency alone.
    extra = OfficialRegion("64.11.01.2999", Level.VILLAGE, "Sungai Bawang", None, None)
    index = VillageIndex([*kaltim_regions, extra])
    result = match_village(index, VillageQuery("Sei Bawang", None, "Kukar"))
    assert (result.status, result.code) == (MatchStatus.EXACT, "64.02.05.2013")


def test_it_matches_a_read_survey_row_by_row_using_a_province_column(tmp_path, kaltim_index):
    path = tmp_path / "survei.csv"
    path.write_text(
        "Provinsi,Kabupaten/Kota,Kecamatan,Desa/Kelurahan\n"
        "Kalimantan Timur,Mahulu,,Tiong Buu\n"
        "Prov. Kaltim,Kukar,Muara Badak,Sei Bawang\n",
        encoding="utf-8",
    )
    results = match_survey(kaltim_index, read_survey(path))
    assert [(r.status, r.code) for r in results] == [
        (MatchStatus.EXACT, "64.11.04.2006"),
        (MatchStatus.EXACT, "64.02.05.2013"),
    ]
