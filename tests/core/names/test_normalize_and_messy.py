from __future__ import annotations

from collections import Counter

from selaras.core.names import generate_messy_survey
from selaras.core.names.messy import EXPECT_AMBIGUOUS, EXPECT_CODE, EXPECT_UNMATCHED, simple_key
from selaras.core.names.normalize import key_of, load_vocabulary, prefix_variants


def test_it_splits_on_punctuation_and_expands_abbreviations():
    vocab = load_vocabulary()
    assert vocab.words("Ds. Sei Tj.Harapan") == ["desa", "sungai", "tanjung", "harapan"]
    assert vocab.words("KP. GN.  Batu-Batu II") == ["kampung", "gunung", "batu", "batu", "2"]
    assert vocab.words("Tiong Bu\u2019u") == ["tiong", "buu"]


def test_it_offers_the_name_without_each_leading_prefix_but_never_an_empty_one():
    prefixes = load_vocabulary().village_prefixes
    assert [key_of(v) for v in prefix_variants(["desa", "kampung", "baru"], prefixes)] == [
        "desakampungbaru",
        "kampungbaru",
        "baru",
    ]
    assert [key_of(v) for v in prefix_variants(["kampung"], prefixes)] == ["kampung"]


def test_users_can_extend_the_abbreviation_file(tmp_path):
    extra = tmp_path / "abbreviations.csv"
    extra.write_text("# comment\nabbreviation,expansion\nlg,long\n", encoding="utf-8")
    assert load_vocabulary(abbreviations=extra).words("Lg. Apari") == ["long", "apari"]


def test_the_same_seed_gives_the_same_messy_survey(kaltim_regions):
    first = generate_messy_survey(kaltim_regions, 300, seed=3)
    assert first == generate_messy_survey(kaltim_regions, 300, seed=3)
    assert first != generate_messy_survey(kaltim_regions, 300, seed=4)


def test_the_messy_survey_labels_its_rows_consistently(kaltim_regions):
    rows = generate_messy_survey(kaltim_regions, 2000, seed=5)
    kinds = Counter(r.kind for r in rows)
    assert set(kinds) >= {"prefix", "typo", "abbreviation", "no_district", "repeated_no_district", "invented"}
    official = {r.code: r.name for r in kaltim_regions}
    for row in rows:
        if row.expect == EXPECT_UNMATCHED:
            assert row.truth_code is None
            assert simple_key(row.village) not in {simple_key(n) for n in official.values()}
        else:
            assert row.truth_code in official
        if row.expect == EXPECT_AMBIGUOUS and not row.district:
            same = [c for c, n in official.items() if c.startswith(row.truth_code[:6]) and c.count(".") == 3]
            assert sum(simple_key(official[c]) == simple_key(official[row.truth_code]) for c in same) > 1
    assert Counter(r.expect for r in rows)[EXPECT_CODE] > 1500
