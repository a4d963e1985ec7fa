"""The matcher change made for connectivity imports (selaras.core.names, pure Python): a typed name whose full
form is one official village and whose prefix-less form is another is a suggestion, never exact."""

from selaras.core.names import MatchResult, MatchStatus, VillageIndex, VillageQuery, match_village
from selaras.core.regions_data import Level, OfficialRegion

REGIONS = [
    OfficialRegion("51", Level.PROVINCE, "Bali", None, None),
    OfficialRegion("51.05", Level.REGENCY, "Kabupaten Klungkung", None, None),
    OfficialRegion("51.05.03", Level.DISTRICT, "Klungkung", None, None),
    OfficialRegion("51.05.03.2003", Level.VILLAGE, "Gelgel", None, None),
    OfficialRegion("51.05.03.2004", Level.VILLAGE, "Kampung Gelgel", None, None),
]


def _match(village: str) -> MatchResult:
    return match_village(VillageIndex(REGIONS), VillageQuery(village=village, regency="Klungkung"))


def test_the_full_form_of_a_prefixed_name_is_suggested_with_the_other_village_as_a_candidate() -> None:
    result = _match("Kmp. Gelgel")
    assert (result.status, result.code) == (MatchStatus.FUZZY, "51.05.03.2004")
    assert {c.code for c in result.candidates} == {"51.05.03.2003", "51.05.03.2004"}


def test_a_name_without_that_prefix_stays_exact() -> None:
    assert _match("Gelgel").status == MatchStatus.EXACT
    assert _match("Desa Gelgel").code == "51.05.03.2003"
