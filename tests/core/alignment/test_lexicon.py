"""Indonesian wording into comparable terms: synonyms, stemming, stopwords, routine work."""

from __future__ import annotations

from pathlib import Path

from selaras.core.alignment import default_lexicon, load_lexicon
from selaras.core.alignment.lexicon import ROUTINE_CSV, STOPWORDS_TXT, SYNONYMS_CSV


def test_synonyms_and_abbreviations_of_kominfo_plans_fold_into_one_concept() -> None:
    lexicon = default_lexicon()
    pairs = [
        ("Pembangunan Pusat Data", "Pembangunan Data Center"),
        ("Pembentukan CSIRT", "Pembentukan Tim Tanggap Insiden Siber"),
        ("Penerapan TTE", "Penerapan Sertifikat Elektronik"),
        ("Pembangunan BTS", "Pembangunan Menara Telekomunikasi"),
        ("Desa blank spot", "Desa tanpa sinyal"),
    ]
    for left, right in pairs:
        assert lexicon.analyze(left).terms == lexicon.analyze(right).terms, (left, right)


def test_it_stems_indonesian_affixes_and_drops_stopwords() -> None:
    terms = default_lexicon().analyze("Pelatihan dan pelatih bagi pelaksana di Kabupaten").terms
    assert terms == ("latih", "latih")


def test_snowball_stems_agree_across_inflections_and_short_roots_stay_whole() -> None:
    lexicon = default_lexicon()
    assert lexicon.analyze("peningkatan").terms == lexicon.analyze("ditingkatkan").terms
    assert lexicon.analyze("penerapan").terms == lexicon.analyze("menerapkan").terms
    assert lexicon.analyze("menara").terms == ("menara",)  # not "ara"
    assert lexicon.analyze("layanan terlayani").terms == ("layan", "layan")


def test_a_concept_carries_its_field_of_work() -> None:
    lexicon = default_lexicon()
    assert lexicon.analyze("Pemasangan repeater di kampung blank spot").fields == {"akses"}
    assert lexicon.analyze("Pembentukan tim tanggap insiden").fields == {"keamanan"}
    assert lexicon.analyze("Penyusunan data sektoral").fields == {"statistik"}
    assert lexicon.analyze("Pengadaan mebel").fields == frozenset()


def test_a_user_file_may_name_a_field_or_leave_it_out(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("concept,kind,term,bidang\nradio_komunitas,sinonim,radio komunitas,akses\n")
    lexicon = load_lexicon(synonyms=(SYNONYMS_CSV, extra), routine=(ROUTINE_CSV,), stopwords=(STOPWORDS_TXT,))
    assert lexicon.analyze("Pembinaan radio komunitas").fields == {"akses"}


def test_the_shipped_word_lists_hold_no_place_or_programme_brand_names_of_the_evaluation_set() -> None:
    shipped = " ".join(
        path.read_text(encoding="utf-8").lower() for path in (SYNONYMS_CSV, ROUTINE_CSV, STOPWORDS_TXT)
    )
    brands = [
        "gratispol",
        "sataku",
        "satikomo",
        "satukita",
        "ngopeni",
        "caang",
        "majadigi",
        "jerowaru",
        "kukar",
    ]
    assert [brand for brand in brands if brand in shipped] == []


def test_a_longer_phrase_wins_over_a_shorter_one() -> None:
    lexicon = default_lexicon()
    assert lexicon.analyze("pelatihan aparatur desa").concepts == {"@aparat_desa"}
    assert lexicon.analyze("internet desa").concepts == {"@internet", "@desa"}


def test_users_extend_the_synonyms_with_their_own_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("concept,kind,term\nmal_pelayanan,aset,mal pelayanan publik\nmal_pelayanan,aset,mpp\n")
    lexicon = load_lexicon(synonyms=(SYNONYMS_CSV, extra), routine=(ROUTINE_CSV,), stopwords=(STOPWORDS_TXT,))
    assert (
        lexicon.analyze("Pengembangan MPP").terms
        == lexicon.analyze("Pengembangan Mal Pelayanan Publik").terms
    )
    assert default_lexicon().analyze("Pengembangan MPP").terms == ("mpp",)


def test_routine_work_is_recognised_by_code_or_by_phrase() -> None:
    lexicon = default_lexicon()
    assert lexicon.is_routine("2.16.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN")
    assert lexicon.is_routine("2.21.01", "Program Penunjang Urusan")
    assert lexicon.is_routine("2.16.03.2.01.0004", "Pengelolaan Website Resmi Pemerintah Daerah")
    assert not lexicon.is_routine("2.16.03.2.02.0024", "Penyelenggaraan Jaringan Intra Pemerintah Daerah")
    # a routine phrase in a row that names a field of work is that work, not routine
    assert not lexicon.is_routine("", "Pengamanan website dari serangan siber")
