"""A tiny official list whose answers are known by hand."""

from __future__ import annotations

from selaras.core.regions_data import Level, OfficialRegion

TINY = [
    ("64", Level.PROVINCE, "Kalimantan Timur"),
    ("64.02", Level.REGENCY, "Kabupaten Kutai Kartanegara"),
    ("64.02.01", Level.DISTRICT, "Tenggarong"),
    ("64.02.01.2001", Level.VILLAGE, "Sungai Bawang"),
    ("64.02.01.2002", Level.VILLAGE, "Kampung Baru"),
    ("64.02.01.1003", Level.VILLAGE, "Tanjung Harapan"),
    ("64.02.01.2004", Level.VILLAGE, "Sidomulyo II"),
    ("64.02.01.2005", Level.VILLAGE, "Tiong Bu'u"),
    ("64.02.02", Level.DISTRICT, "Loa Kulu"),
    ("64.02.02.2001", Level.VILLAGE, "Kampung Baru"),
    ("64.02.02.2002", Level.VILLAGE, "Jembayan Dalam"),
    ("64.02.02.2003", Level.VILLAGE, "Rempanga"),
    ("64.06", Level.REGENCY, "Kabupaten Samarinda"),
    ("64.06.01", Level.DISTRICT, "Sambutan"),
    ("64.06.01.2001", Level.VILLAGE, "Loa Bakung"),
    ("64.72", Level.REGENCY, "Kota Samarinda"),
    ("64.72.01", Level.DISTRICT, "Sungai Kunjang"),
    ("64.72.01.1001", Level.VILLAGE, "Loa Bakung"),
    ("64.72.01.1002", Level.VILLAGE, "Karang Asam Ulu"),
]


def tiny_regions() -> list[OfficialRegion]:
    return [OfficialRegion(code, level, name, None, None) for code, level, name in TINY]
