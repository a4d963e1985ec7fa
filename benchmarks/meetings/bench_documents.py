"""Time the Rakorda documents (`selaras.meetings.documents`) for a whole-province meeting.

Run: `PYTHONPATH=src:. .venv/bin/python benchmarks/meetings/bench_documents.py [--runs 5]`. The record: the test suite's Rakorda (tests/meetings/records.py) widened to Kaltim and
its 10 regencies/cities, 3 participants each (one government absent, one represented), 6 agenda items,
12 decisions and 24 follow-ups, in Indonesian, labelled sample. Prints the first (cold: fontconfig and
WeasyPrint warming up) and the median of the next runs, wall and CPU milliseconds, pages and bytes, for the
berita acara, the daftar hadir and the xlsx register. Writes `bench_documents.json` next to this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOVERNMENTS = [
    ("64", "Pemerintah Provinsi Kalimantan Timur"),
    ("64.01", "Pemerintah Kabupaten Paser"),
    ("64.02", "Pemerintah Kabupaten Kutai Kartanegara"),
    ("64.03", "Pemerintah Kabupaten Berau"),
    ("64.07", "Pemerintah Kabupaten Kutai Barat"),
    ("64.08", "Pemerintah Kabupaten Kutai Timur"),
    ("64.09", "Pemerintah Kabupaten Penajam Paser Utara"),
    ("64.11", "Pemerintah Kabupaten Mahakam Ulu"),
    ("64.71", "Pemerintah Kota Balikpapan"),
    ("64.72", "Pemerintah Kota Samarinda"),
    ("64.74", "Pemerintah Kota Bontang"),
]


def province_meeting():  # type: ignore[no-untyped-def]
    from tests.meetings.records import rakorda

    from selaras.core.meetings.record import AgendaItem, Decision, FollowUp, Participant

    participants = []
    for index, (code, government) in enumerate(GOVERNMENTS):
        for rank, position in enumerate(("Kepala Daerah", "Kepala Bappeda", "Kepala Dinas Kominfo")):
            attendance = "absent" if index == 9 else "represented" if index == 1 and rank == 0 else "present"
            participants.append(
                Participant(
                    government,
                    code,
                    f"Peserta {index + 1}.{rank + 1} Contoh",
                    f"{position} {government.removeprefix('Pemerintah ')}",
                    attendance,
                    "Wakil Contoh" if attendance == "represented" else "",
                )
            )
    decisions = tuple(
        Decision(
            n,
            f"Kesepakatan ke-{n}: {GOVERNMENTS[n % 11][1]} menindaklanjuti irisan program konektivitas "
            "jaringan bersama provinsi dan melaporkan kemajuannya setiap triwulan.",
            (GOVERNMENTS[0][1], GOVERNMENTS[n % 11][1]),
            (f"Irisan contoh {n}",),
        )
        for n in range(1, 13)
    )
    follow_ups = tuple(
        FollowUp(
            n % 12 + 1,
            f"Tindak lanjut {n}: menyesuaikan target RPJMD dan menyampaikan bukti",
            GOVERNMENTS[n % 11][1],
            date(2025, 6, 30) + timedelta(days=15 * n),
            "Terbuka",
            "",
        )
        for n in range(24)
    )
    return replace(
        rakorda(),
        participants=tuple(participants),
        agenda=tuple(AgendaItem(n, f"Acara {n}") for n in range(1, 7)),
        decisions=decisions,
        follow_ups=follow_ups,
    )


def timed(make: Callable[[], bytes]) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    data = make()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
    import django

    django.setup()
    import pypdfium2 as pdfium

    from selaras.meetings.documents import berita_acara_pdf, daftar_hadir_pdf, meeting_register_xlsx

    record = province_meeting()
    results = {}
    for name, make in (
        ("berita_acara_pdf", berita_acara_pdf),
        ("daftar_hadir_pdf", daftar_hadir_pdf),
        ("meeting_register_xlsx", meeting_register_xlsx),
    ):
        runs = [timed(lambda make=make: make(record)) for _ in range(args.runs + 1)]  # type: ignore[misc]
        data = runs[0][2]
        pages = None
        if name.endswith("pdf"):
            document = pdfium.PdfDocument(data)
            pages = len(document)
            document.close()
        results[name] = {
            "cold_wall_ms": round(runs[0][0]),
            "median_wall_ms": round(statistics.median(r[0] for r in runs[1:])),
            "median_cpu_ms": round(statistics.median(r[1] for r in runs[1:])),
            "pages": pages,
            "bytes": len(data),
        }
        print(name, results[name])
    out = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "participants": len(record.participants),
        "decisions": len(record.decisions),
        "follow_ups": len(record.follow_ups),
        "results": results,
    }
    (HERE / "bench_documents.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
