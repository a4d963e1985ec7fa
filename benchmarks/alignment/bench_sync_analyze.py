"""National-scale benchmark of `selaras sync analyze` (issues 5 and 11), end to end.

Generates plans for every regency/city of Indonesia in the shipped region list (514) with 152 rows each, plus
60 rows per province and 10 national rows (80,418 rows; every tenth regency row without an `id`, so it is named
`Program!ROW`), writes them into one workbook in the plans template, then times the command on it: reading
(`read_plans`), the analysis, and OUT.json. The command runs twice: once whole (`run([...])`, the figure that
counts), once step by step to say where the time goes. Reports peak memory (resource.getrusage). Seeded; prints
a table and writes bench_sync_analyze.json next to itself.

    .venv/bin/python benchmarks/alignment/bench_sync_analyze.py [--regency-rows 152] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from selaras.core.alignment import SyncProblem, analyze_sync, region_facts_from_official, result_to_dict
from selaras.core.alignment.command import read_plan_files, run
from selaras.core.plans.rows import Aggregation, PlanRow
from selaras.core.plans.template import write_plan_template
from selaras.core.regions_data import Level, iter_official_regions

HERE = Path(__file__).resolve().parent
YEARS = (2026, 2027, 2028, 2029, 2030)

# (program/kegiatan code without tier, uraian variants, indikator variants, unit, shareable-asset?)
THEMES: list[tuple[str, list[str], list[str], str]] = [
    (
        "2.16.03.T.02.0024",
        ["Penyediaan Internet Desa", "Penyediaan titik akses wifi publik di desa", "Konektivitas desa"],
        ["Jumlah desa terhubung internet", "Jumlah titik akses internet di desa"],
        "desa",
    ),
    (
        "2.16.03.T.02.0020",
        ["Pembangunan BTS di wilayah blank spot", "Pembangunan menara telekomunikasi desa tanpa sinyal"],
        ["Jumlah menara telekomunikasi terbangun", "Jumlah desa blank spot yang terlayani sinyal"],
        "unit",
    ),
    (
        "2.16.03.T.02.0021",
        [
            "Pembangunan Pusat Data Daerah",
            "Pengadaan ruang server dan komputasi awan",
            "Pengelolaan data center",
        ],
        ["Persentase aplikasi yang di-hosting di pusat data", "Tersedianya data center"],
        "%",
    ),
    (
        "2.21.02.T.01.0003",
        ["Pembentukan Tim Tanggap Insiden Siber", "Operasional CSIRT daerah", "Penguatan CSIRT"],
        ["Persentase insiden siber yang tertangani", "Terbentuknya CSIRT"],
        "%",
    ),
    (
        "2.20.02.T.01.0010",
        ["Pengembangan Portal Satu Data", "Pengelolaan portal data terbuka", "Penyelenggaraan Satu Data"],
        ["Jumlah dataset di portal satu data", "Persentase dataset yang terpublikasi di portal data"],
        "dataset",
    ),
    (
        "2.16.02.T.01.0024",
        [
            "Pelatihan literasi digital masyarakat",
            "Gerakan cakap digital bagi warga",
            "Literasi digital UMKM",
        ],
        ["Jumlah masyarakat peserta literasi digital", "Jumlah pelaku UMKM terlatih digital"],
        "orang",
    ),
    (
        "2.21.02.T.01.0004",
        ["Penyelenggaraan sertifikat elektronik", "Fasilitasi tanda tangan elektronik bagi ASN"],
        ["Jumlah ASN yang memiliki sertifikat elektronik", "Persentase ASN pengguna TTE"],
        "%",
    ),
    (
        "2.16.03.T.02.0027",
        ["Implementasi smart city", "Implementasi inovasi kota cerdas", "Penyusunan masterplan smart city"],
        ["Persentase implementasi masterplan smart city", "Jumlah inovasi smart city"],
        "%",
    ),
    (
        "2.16.03.T.02.0025",
        ["Penyelenggaraan jaringan intra pemerintah daerah", "Pengembangan intranet pemerintah daerah"],
        ["Persentase perangkat daerah terhubung jaringan intra", "Panjang jaringan fiber optik intra"],
        "%",
    ),
    (
        "2.21.02.T.02.0001",
        ["Operasionalisasi jaring komunikasi sandi", "Penyelenggaraan persandian untuk pengamanan informasi"],
        ["Persentase perangkat daerah terhubung jaring komunikasi sandi", "Indeks KAMI"],
        "%",
    ),
    (
        "2.20.02.T.01.0009",
        ["Peningkatan kualitas data statistik sektoral", "Penyusunan buku statistik sektoral"],
        ["Persentase data statistik sektoral sesuai standar", "Jumlah publikasi statistik sektoral"],
        "%",
    ),
    (
        "2.16.03.T.02.0022",
        [
            "Pengembangan aplikasi layanan publik",
            "Pengembangan aplikasi perizinan daring",
            "Aplikasi pengaduan",
        ],
        ["Jumlah aplikasi layanan publik terintegrasi", "Jumlah layanan publik daring"],
        "aplikasi",
    ),
    (
        "2.16.03.T.02.0023",
        ["Pengembangan command center", "Layanan darurat 112", "Pembangunan ruang kendali"],
        ["Persentase panggilan darurat yang ditangani", "Tersedianya command center"],
        "%",
    ),
    (
        "2.16.03.T.02.0026",
        ["Penerapan SPBE", "Evaluasi SPBE perangkat daerah", "Penyusunan arsitektur SPBE"],
        ["Indeks SPBE", "Nilai evaluasi SPBE"],
        "indeks",
    ),
]
ROUTINE = [
    ("2.16.01.T.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah bulan gaji dibayarkan", "bulan"),
    (
        "2.16.01.T.06.0002",
        "Penyediaan Peralatan dan Perlengkapan Kantor",
        "Jumlah paket peralatan kantor",
        "paket",
    ),
    (
        "2.16.01.T.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah dokumen perencanaan",
        "dok",
    ),
    ("2.16.03.T.01.0004", "Pengelolaan Nama Domain dan Website Resmi", "Persentase website resmi aktif", "%"),
    ("2.16.02.T.01.0021", "Pengelolaan Media Komunikasi Publik", "Jumlah konten publikasi", "konten"),
    (
        "2.16.02.T.01.0017",
        "Pelayanan Informasi Publik (PPID)",
        "Persentase permohonan informasi dilayani",
        "%",
    ),
]
QUALIFIERS = ["", " tahap I", " tahap II", " terpadu", " berkelanjutan", " di kecamatan", " tingkat daerah"]


def _targets(rng: random.Random, unit: str) -> dict[int, Decimal]:
    start = rng.randint(40, 90) if unit in ("%", "indeks") else rng.randint(1, 500)
    step = max(1, start // 20)
    return {year: Decimal(start + step * k) for k, year in enumerate(YEARS)}


def _pagu(region: str, code: str) -> dict[int, Decimal]:
    """The same pagu for every row of one region and code (pagu belongs to the program/kegiatan)."""
    base = 50_000_000 + (sum(map(ord, region + code)) % 200) * 10_000_000
    return {year: Decimal(base + 5_000_000 * k) for k, year in enumerate(YEARS)}


def generate(regency_rows: int, seed: int) -> list[PlanRow]:
    """Seeded plans of the nation, every province and every regency/city; about 10% routine rows; every tenth
    regency row has no id."""
    rng = random.Random(seed)
    regencies: dict[str, list[str]] = defaultdict(list)
    villages: dict[str, list[str]] = defaultdict(list)
    for region in iter_official_regions():
        if region.level == Level.REGENCY:
            regencies[region.province_code].append(region.code)
        elif region.level == Level.VILLAGE and region.code.split(".")[3].startswith("2"):
            villages[".".join(region.code.split(".")[:2])].append(region.code)
    rows: list[PlanRow] = [
        PlanRow(f"N{k}", "00", "2.16", "RPJMN", THEMES[k][2][0], "%", targets_by_year=_targets(rng, "%"))
        for k in range(10)
    ]
    for province, codes in sorted(regencies.items()):
        parents: list[tuple[PlanRow, int]] = []
        for k in range(60):
            theme_no = k % len(THEMES)
            code, uraians, indicators, unit = THEMES[theme_no]
            aggregation = rng.choice([Aggregation.NONE, Aggregation.MEAN_BY_DESA, Aggregation.SUM])
            parent = PlanRow(
                id=f"{province}-P{k}",
                kode_wilayah=province,
                kode=code.replace("T", "1"),
                pagu_idr_by_year=_pagu(province, code),
                uraian=rng.choice(uraians) + rng.choice(QUALIFIERS),
                indikator=rng.choice(indicators),
                satuan=unit,
                agregasi=aggregation,
                targets_by_year=_targets(rng, unit),
                mendukung=f"N{theme_no}" if theme_no < 10 and k < len(THEMES) else None,
            )
            rows.append(parent)
            parents.append((parent, theme_no))
        for regency in codes:
            desa = villages.get(regency, [])
            for k in range(regency_rows):
                if rng.random() < 0.1:
                    code, uraian, indikator, unit = rng.choice(ROUTINE)
                    rows.append(
                        PlanRow(f"{regency}-{k}", regency, code.replace("T", "2"), uraian, indikator, unit)
                    )
                    continue
                parent, theme_no = rng.choice(parents)
                code, uraians, indicators, unit = THEMES[theme_no]
                lokasi = (
                    tuple(rng.sample(desa, min(len(desa), rng.randint(1, 5))))
                    if theme_no < 2 and desa
                    else ()
                )
                rows.append(
                    PlanRow(
                        id="" if k % 10 == 9 else f"{regency}-{k}",
                        kode_wilayah=regency,
                        kode=code.replace("T", "2"),
                        pagu_idr_by_year=_pagu(regency, code),
                        uraian=rng.choice(uraians) + rng.choice(QUALIFIERS),
                        indikator=rng.choice(indicators),
                        satuan=unit,
                        targets_by_year=_targets(rng, unit),
                        lokasi=lokasi,
                        mendukung=parent.id if rng.random() < 0.7 else None,
                    )
                )
    return rows


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regency-rows", type=int, default=152)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", type=Path, help="write the workbook and OUT.json here instead of a temp dir"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook, out = folder / "rencana_nasional.xlsx", folder / "out.json"

    start = time.perf_counter()
    rows = generate(args.regency_rows, args.seed)
    workbook.write_bytes(write_plan_template(rows, YEARS))
    generate_s = time.perf_counter() - start
    peak_before = _peak_mib()

    # The command, whole: what a user waits for.
    start, cpu = time.perf_counter(), time.process_time()
    status = run([str(workbook), "--json", str(out)])
    command_s, command_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    peak_after = _peak_mib()
    assert status == 0, status
    report = json.loads(out.read_text(encoding="utf-8"))

    # The same steps one by one, to say where the time goes.
    start, cpu = time.perf_counter(), time.process_time()
    files = read_plan_files([workbook], "id")
    read_s, read_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    read_rows = tuple(r for f in files for r in f.rows)
    facts = region_facts_from_official(None)
    start, cpu = time.perf_counter(), time.process_time()
    result = analyze_sync(SyncProblem(rows=read_rows, region_facts_by_code=facts, years=YEARS))
    analyze_s, analyze_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    json.dumps(result_to_dict(result), ensure_ascii=False)
    render_s, render_cpu_s = time.perf_counter() - start, time.process_time() - cpu

    summary = report["summary"]
    numbers = {
        "rows_generated": len(rows),
        "rows_read": summary["rows_read"],
        "rows_analysed": summary["rows_analysed"],
        "rows_set_aside": summary["rows_set_aside"],
        "rows_named_sheet_row": sum(1 for r in read_rows if r.id.startswith("Program!")),
        "regencies": len({r.kode_wilayah for r in rows if r.is_regency}),
        "provinces": len({r.kode_wilayah for r in rows if r.is_province}),
        "workbook_mib": round(workbook.stat().st_size / 2**20, 1),
        "generate_and_write_workbook_s": round(generate_s, 2),
        "command_s": round(command_s, 2),
        "command_cpu_s": round(command_cpu_s, 2),
        "step_read_s": round(read_s, 2),
        "step_read_cpu_s": round(read_cpu_s, 2),
        "step_analyze_s": round(analyze_s, 2),
        "step_analyze_cpu_s": round(analyze_cpu_s, 2),
        "step_render_json_s": round(render_s, 2),
        "step_render_json_cpu_s": round(render_cpu_s, 2),
        "json_mib": round(out.stat().st_size / 2**20, 1),
        "peak_rss_before_command_mib": round(peak_before, 1),
        "peak_rss_mib": round(peak_after, 1),
        "coverage_gaps": summary["coverage_gaps"],
        "target_shortfalls": summary["target_shortfalls"],
        "code_errors": summary["code_errors"],
        "irisan": summary["irisan"],
        "irisan_groups": summary["irisan_groups"],
        "seed": args.seed,
    }
    write_results(numbers, HERE / "bench_sync_analyze.json")


def write_results(numbers: dict[str, object], path: Path) -> None:
    """Print `numbers` with the machine's load and Python as a table, and write them to `path` (JSON)."""
    numbers = {
        **numbers,
        "load_average_1min": round(os.getloadavg()[0], 2),  # the machine is shared: wall time depends on it
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    width = max(len(k) for k in numbers)
    print(f"{'measure':<{width}}  value")
    for key, value in numbers.items():
        print(f"{key:<{width}}  {value}")
    path.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
