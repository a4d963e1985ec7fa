"""The open datasets a province may publish: their metadata (Satu Data Indonesia and DCAT) and their rows.

Each dataset reads only published material, through the selectors of the app that owns it: approved plans
(never drafts or plans under review), agreements once signed (never drafts), recorded connectivity. No column
carries personal data (no user, signatory, e-mail or phone; no free-text notes). Sample records are labelled
`CONTOH` in the `contoh` column, or left out when the province chose so (`PortalSettings.sample_rows`).

The callers check the publishing decision (`selaras.opendata.publication`) before calling `table_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

from selaras.core.i18n import Msg
from selaras.core.numbers import NumberTextError, number_or_none
from selaras.opendata.models import DatasetKey

SAMPLE_LABEL = "CONTOH"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type (string, integer, number, date), titles and description."""

    name: str
    type: str
    title: Msg
    description: Msg | None = None
    unit: str = ""


@dataclass(frozen=True)
class Table:
    """A dataset's rows (dicts keyed by field name, in field order) and what the catalogue says about them."""

    rows: list[dict[str, Any]]
    temporal: tuple[date, date] | None = None
    modified: datetime | None = None
    # For geographic datasets: (longitude, latitude) of each row's `kode_wilayah`, when the region has one.
    points: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    """A dataset's description. `konsep`, `definisi`, `satuan`, `ukuran`, `sumber` are Satu Data Indonesia's
    standard metadata (Perpres 39/2019), written in Indonesian as the standard asks."""

    key: str
    title: Msg
    description: Msg
    keywords: tuple[Msg, ...]
    themes: tuple[str, ...]
    accrual_periodicity: str
    konsep: str
    definisi: str
    satuan: str
    ukuran: str
    sumber: str
    fields: tuple[Field, ...]
    build: Callable[[Any, bool], Table]
    geographic: bool = False

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _text(name: str, en: str, id_: str, description: tuple[str, str] | None = None) -> Field:
    return Field(
        name, "string", Msg(id=id_, en=en), Msg(id=description[1], en=description[0]) if description else None
    )


def _int(name: str, en: str, id_: str, unit: str = "") -> Field:
    return Field(name, "integer", Msg(id=id_, en=en), unit=unit)


def _number(name: str, en: str, id_: str, unit: str = "") -> Field:
    return Field(name, "number", Msg(id=id_, en=en), unit=unit)


def _date(name: str, en: str, id_: str) -> Field:
    return Field(name, "date", Msg(id=id_, en=en))


SAMPLE_FIELD = _text(
    "contoh",
    "Sample",
    "Contoh",
    ("CONTOH when the row comes from the sample scenario", "CONTOH bila baris berasal dari skenario contoh"),
)
CODE_FIELD = _text(
    "kode_wilayah",
    "Region code (Kemendagri)",
    "Kode wilayah (Kemendagri)",
    ("Official region code, Permendagri 72/2019 and its updates", "Kode wilayah resmi Kemendagri"),
)


def _latest(*values: datetime | None) -> datetime | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


# --- village connectivity ------------------------------------------------------------------------------------


def _village_connectivity(province: Any, include_sample: bool) -> Table:
    from selaras.connectivity import exports
    from selaras.connectivity.models import AccessPoint, SignalObservation, StatusChange
    from selaras.connectivity.selectors import village_states_published
    from selaras.regions.models import Level, Region

    states = village_states_published(province=province.code)
    if not include_sample:
        states = [s for s in states if not s.is_sample]
    rows = [dict(zip(exports.COLUMNS, exports.state_row(s), strict=True)) for s in states]
    points = {
        code: (lng, lat)
        for code, lat, lng in Region.objects.within(province.code)
        .filter(level=Level.VILLAGE, lat__isnull=False, lng__isnull=False)
        .values_list("code", "lat", "lng")
    }
    inside = Q(region__code__startswith=province.code + ".")
    if not include_sample:
        inside &= Q(is_sample=False)
    changes = StatusChange.objects.filter(inside).aggregate(
        first=Min("effective_on"), last=Max("effective_on"), modified=Max("created_at")
    )
    signals = SignalObservation.objects.filter(inside).aggregate(
        first=Min("observed_on"), last=Max("observed_on"), modified=Max("created_at")
    )
    points_modified = AccessPoint.objects.filter(inside).aggregate(modified=Max("created_at"))["modified"]
    starts = [d for d in (changes["first"], signals["first"]) if d]
    ends = [d for d in (changes["last"], signals["last"]) if d]
    temporal = (min(starts), max([*ends, timezone.localdate()])) if starts else None
    modified = _latest(changes["modified"], signals["modified"], points_modified)
    return Table(rows=rows, temporal=temporal, modified=modified, points=points)


VILLAGE_CONNECTIVITY = Dataset(
    key=DatasetKey.VILLAGE_CONNECTIVITY,
    title=Msg(id="Status konektivitas internet desa/kelurahan", en="Village internet connectivity status"),
    description=Msg(
        id="Status terkini setiap desa/kelurahan: titik akses internet publik (aktif, gangguan, pemasangan, "
        "direncanakan), teknologi, penyedia, program, dan sinyal seluler terakhir yang tercatat.",
        en="Current status of every village: public internet access points (live, down, installing, planned), "
        "technology, provider, programme, and the last recorded mobile signal.",
    ),
    keywords=(
        Msg(id="internet desa", en="village internet"),
        Msg(id="konektivitas", en="connectivity"),
        Msg(id="titik akses internet", en="internet access point"),
        Msg(id="sinyal seluler", en="mobile signal"),
    ),
    themes=(EU_THEME + "TECH", EU_THEME + "REGI"),
    accrual_periodicity=EU_FREQUENCY + "MONTHLY",
    konsep="Konektivitas internet desa/kelurahan",
    definisi="Desa/kelurahan terhubung bila memiliki sedikitnya satu titik akses internet publik berstatus aktif "
    "menurut catatan Diskominfo; status lain: gangguan, pemasangan, direncanakan, tidak ada.",
    satuan="desa/kelurahan",
    ukuran="status per desa/kelurahan; jumlah titik akses",
    sumber="Catatan titik akses dan survei sinyal Diskominfo provinsi dan kabupaten/kota (Selaras)",
    fields=(
        CODE_FIELD,
        _text("desa_kelurahan", "Village", "Desa/kelurahan"),
        _text("jenis", "Kind (desa or kelurahan)", "Jenis (desa atau kelurahan)"),
        _text("kecamatan", "District", "Kecamatan"),
        _text("kabupaten_kota", "Regency/city", "Kabupaten/kota"),
        _text(
            "status",
            "Status",
            "Status",
            ("live, down, installing, planned or none", "live, down, installing, planned atau none"),
        ),
        _text("teknologi", "Technologies (;-separated)", "Teknologi (dipisah ;)"),
        _int("titik_akses", "Access points", "Titik akses", "titik"),
        _int("titik_aktif", "Live access points", "Titik akses aktif", "titik"),
        _text("sinyal", "Last mobile signal", "Sinyal seluler terakhir"),
        _date("tanggal_sinyal", "Signal observed on", "Tanggal pengamatan sinyal"),
        _text("penyedia", "Providers (;-separated)", "Penyedia (dipisah ;)"),
        _text("program", "Programmes (;-separated)", "Program (dipisah ;)"),
        SAMPLE_FIELD,
    ),
    build=_village_connectivity,
    geographic=True,
)


# --- progress per regency and year ---------------------------------------------------------------------------


def _connectivity_progress(province: Any, include_sample: bool) -> Table:
    from selaras.connectivity.models import AccessPoint, StatusChange
    from selaras.connectivity.progress import PERIOD_END, PERIOD_START
    from selaras.connectivity.selectors import progress_for_province

    total, regencies = progress_for_province(province=province, include_sample=include_sample)
    sample_regencies = (
        {
            code[:5]
            for code in AccessPoint.objects.filter(
                region__code__startswith=province.code + ".", is_sample=True
            ).values_list("region_id", flat=True)
        }
        if include_sample
        else set()
    )
    rows = []
    for progress in [total, *regencies]:
        is_province = progress.code == province.code
        labelled = bool(sample_regencies) if is_province else progress.code in sample_regencies
        for year in progress.years:
            share = year.share(progress.desa_total)
            rows.append(
                {
                    "kode_wilayah": progress.code,
                    "wilayah": progress.name,
                    "tingkat": "provinsi" if is_province else "kabupaten_kota",
                    "tahun": year.year,
                    "jumlah_desa": progress.desa_total,
                    "jumlah_kelurahan": progress.kelurahan_total,
                    "desa_terhubung": year.desa_live,
                    "kelurahan_terhubung": year.kelurahan_live,
                    "target_desa_terhubung": year.desa_target,
                    "persen_desa_terhubung": None if share is None else round(share * 100, 2),
                    "contoh": SAMPLE_LABEL if labelled else "",
                }
            )
    changes = StatusChange.objects.filter(region__code__startswith=province.code + ".")
    if not include_sample:
        changes = changes.filter(is_sample=False)
    modified = changes.aggregate(modified=Max("created_at"))["modified"]
    return Table(rows=rows, temporal=(date(PERIOD_START, 1, 1), date(PERIOD_END, 12, 31)), modified=modified)


CONNECTIVITY_PROGRESS = Dataset(
    key=DatasetKey.CONNECTIVITY_PROGRESS,
    title=Msg(
        id="Capaian desa terhubung internet per kabupaten/kota dan tahun",
        en="Villages connected to the internet per regency/city and year",
    ),
    description=Msg(
        id="Jumlah desa yang memiliki titik akses internet publik aktif pada akhir setiap tahun, per "
        "kabupaten/kota dan untuk provinsi, dibandingkan dengan target menuju seluruh desa terhubung.",
        en="Number of desa with a live public internet access point at the end of each year, per regency/city "
        "and for the province, against the target path to every desa connected.",
    ),
    keywords=(
        Msg(id="internet desa", en="village internet"),
        Msg(id="capaian", en="progress"),
        Msg(id="target", en="target"),
        Msg(id="kabupaten/kota", en="regency/city"),
    ),
    themes=(EU_THEME + "TECH", EU_THEME + "GOVE"),
    accrual_periodicity=EU_FREQUENCY + "ANNUAL",
    konsep="Desa terhubung internet",
    definisi="Desa (bukan kelurahan) yang pada 31 Desember tahun berjalan memiliki sedikitnya satu titik akses "
    "internet publik aktif; target: dari capaian tahun dasar menuju seluruh desa terhubung di akhir periode.",
    satuan="desa",
    ukuran="jumlah desa terhubung; persentase terhadap jumlah desa",
    sumber="Catatan titik akses Diskominfo provinsi dan kabupaten/kota (Selaras)",
    fields=(
        CODE_FIELD,
        _text("wilayah", "Region", "Wilayah"),
        _text("tingkat", "Level (provinsi or kabupaten_kota)", "Tingkat (provinsi atau kabupaten_kota)"),
        _int("tahun", "Year", "Tahun"),
        _int("jumlah_desa", "Desa in the region", "Jumlah desa", "desa"),
        _int("jumlah_kelurahan", "Kelurahan in the region", "Jumlah kelurahan", "kelurahan"),
        _int("desa_terhubung", "Desa connected at year end", "Desa terhubung akhir tahun", "desa"),
        _int(
            "kelurahan_terhubung",
            "Kelurahan connected at year end",
            "Kelurahan terhubung akhir tahun",
            "kelurahan",
        ),
        _int("target_desa_terhubung", "Target of desa connected", "Target desa terhubung", "desa"),
        _number("persen_desa_terhubung", "Share of desa connected (%)", "Persentase desa terhubung (%)", "%"),
        SAMPLE_FIELD,
    ),
    build=_connectivity_progress,
)


# --- approved plan indicators and targets --------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        return number_or_none(value, decimal_point=True)
    except NumberTextError:
        return None


def _plan_targets(province: Any, include_sample: bool) -> Table:
    from selaras.planning.models import Indicator, Plan, PlanStatus
    from selaras.regions.models import Region

    plans = Plan.objects.filter(
        Q(region_id=province.code) | Q(region__code__startswith=province.code + "."),
        status=PlanStatus.APPROVED,
    )
    if not include_sample:
        plans = plans.filter(is_sample=False)
    indicators = (
        Indicator.objects.filter(plan__in=plans)
        .select_related("plan", "element")
        .only(
            "key",
            "region_id",
            "indikator",
            "satuan",
            "baseline",
            "targets_by_year",
            "polaritas",
            "tipe",
            "position",
            "element__kode",
            "element__uraian",
            "plan__kind",
            "plan__start_year",
            "plan__end_year",
            "plan__unit_name",
            "plan__is_sample",
        )
        .order_by("region_id", "plan__kind", "plan__start_year", "position", "pk")
    )

    names = dict(
        Region.objects.within(province.code)
        .filter(level__in=["province", "regency"])
        .values_list("code", "name")
    )
    rows = []
    for indicator in indicators:
        plan = indicator.plan
        for year in plan.years:
            rows.append(
                {
                    "kode_wilayah": indicator.region_id,
                    "pemerintah_daerah": names.get(indicator.region_id, ""),
                    "dokumen": plan.label,
                    "perangkat_daerah": plan.unit_name,
                    "kode_nomenklatur": indicator.element.kode,
                    "program_kegiatan": indicator.element.uraian,
                    "kode_indikator": indicator.key,
                    "indikator": indicator.indikator,
                    "satuan": indicator.satuan,
                    "polaritas": indicator.polaritas,
                    "baseline": _decimal(indicator.baseline),
                    "tahun": year,
                    "target": _decimal(indicator.targets_by_year.get(str(year))),
                    "contoh": SAMPLE_LABEL if plan.is_sample else "",
                }
            )
    period = plans.aggregate(first=Min("start_year"), last=Max("end_year"), modified=Max("status_changed_at"))
    temporal = (date(period["first"], 1, 1), date(period["last"], 12, 31)) if period["first"] else None
    return Table(rows=rows, temporal=temporal, modified=period["modified"])


PLAN_TARGETS = Dataset(
    key=DatasetKey.PLAN_TARGETS,
    title=Msg(id="Indikator dan target rencana yang disetujui", en="Approved plan indicators and targets"),
    description=Msg(
        id="Indikator kinerja program dan kegiatan beserta target tahunannya dari RPJMD dan Renstra yang telah "
        "disetujui, provinsi dan kabupaten/kota.",
        en="Performance indicators of programmes and activities with their yearly targets from the approved "
        "RPJMD and Renstra plans of the province and its regencies/cities.",
    ),
    keywords=(
        Msg(id="RPJMD", en="RPJMD"),
        Msg(id="Renstra", en="Renstra"),
        Msg(id="indikator kinerja", en="performance indicator"),
        Msg(id="target", en="target"),
    ),
    themes=(EU_THEME + "GOVE",),
    accrual_periodicity=EU_FREQUENCY + "ANNUAL",
    konsep="Indikator kinerja dan target perencanaan pembangunan daerah",
    definisi="Indikator program/kegiatan menurut nomenklatur Kepmendagri 050-5889/2021 beserta nilai dasar dan "
    "target per tahun dari dokumen rencana yang telah disetujui.",
    satuan="menurut indikator (kolom satuan)",
    ukuran="target per tahun",
    sumber="RPJMD dan Renstra yang disetujui (Selaras)",
    fields=(
        CODE_FIELD,
        _text("pemerintah_daerah", "Government", "Pemerintah daerah"),
        _text("dokumen", "Plan", "Dokumen rencana"),
        _text("perangkat_daerah", "Responsible agency", "Perangkat daerah"),
        _text("kode_nomenklatur", "Nomenclature code", "Kode nomenklatur"),
        _text("program_kegiatan", "Programme or activity", "Program/kegiatan"),
        _text("kode_indikator", "Indicator row id", "Kode baris indikator"),
        _text("indikator", "Indicator", "Indikator"),
        _text("satuan", "Unit", "Satuan"),
        _text("polaritas", "Polarity", "Polaritas"),
        _number("baseline", "Baseline", "Nilai dasar"),
        _int("tahun", "Year", "Tahun"),
        _number("target", "Target", "Target"),
        SAMPLE_FIELD,
    ),
    build=_plan_targets,
)


# --- signed agreements and obligations -----------------------------------------------------------------------


def _agreements(province: Any, include_sample: bool) -> Table:
    from selaras.agreements.models import Agreement, Status
    from selaras.agreements.selectors import obligation_views

    today = timezone.localdate()
    agreements = (
        Agreement.objects.filter(Q(region_id=province.code) | Q(region__code__startswith=province.code + "."))
        .exclude(status=Status.DRAFT)
        .prefetch_related("parties__region")
        .order_by("starts_on", "pk")
    )
    if not include_sample:
        agreements = agreements.filter(is_sample=False)
    rows = []
    starts: list[date] = []
    ends: list[date] = []
    for agreement in agreements:
        starts.append(agreement.starts_on)
        ends.append(agreement.ends_on)
        parties = "; ".join(p.region.name for p in agreement.parties.all())
        for view in obligation_views(agreement=agreement, today=today):
            obligation = view.obligation
            villages = view.coverage.villages if view.coverage else ()
            rows.append(
                {
                    "id_perjanjian": agreement.pk,
                    "judul": agreement.title,
                    "jenis": agreement.kind,
                    "para_pihak": parties,
                    "mulai": agreement.starts_on,
                    "berakhir": agreement.ends_on,
                    "status_perjanjian": agreement.status_on(today),
                    "tanggal_tanda_tangan": agreement.signed_on,
                    "tahun": obligation.year,
                    "kode_wilayah": obligation.party.region_id,
                    "pihak": obligation.party.region.name,
                    "kewajiban": obligation.title,
                    "diukur_dengan": obligation.measure,
                    "indikator": obligation.indicator,
                    "target": obligation.indicator_target,
                    "jatuh_tempo": obligation.due_on,
                    "status_kewajiban": view.status,
                    "desa_dicakup": len(villages) if view.coverage else None,
                    "desa_terpenuhi": sum(v.state == "fulfilled" for v in villages)
                    if view.coverage
                    else None,
                    "desa_aktif": sum(v.live_today for v in villages) if view.coverage else None,
                    "contoh": SAMPLE_LABEL if agreement.is_sample else "",
                }
            )
    modified = agreements.aggregate(modified=Max("signed_on"))["modified"]
    return Table(
        rows=rows,
        temporal=(min(starts), max(ends)) if starts else None,
        modified=datetime.combine(modified, datetime.min.time(), tzinfo=timezone.get_current_timezone())
        if modified
        else None,
    )


AGREEMENTS = Dataset(
    key=DatasetKey.AGREEMENTS,
    title=Msg(
        id="Perjanjian kerja sama yang ditandatangani dan kewajibannya",
        en="Signed agreements and obligations",
    ),
    description=Msg(
        id="Perjanjian kerja sama (PKS) antarpemerintah daerah yang telah ditandatangani: para pihak, periode, "
        "kewajiban tahunan setiap pihak dan pemenuhannya, termasuk cakupan desa terhubung internet.",
        en="Signed cooperation agreements (PKS) between governments: parties, period, each party's yearly "
        "obligations and their fulfilment, including the coverage of villages connected to the internet.",
    ),
    keywords=(
        Msg(id="perjanjian kerja sama", en="cooperation agreement"),
        Msg(id="PKS", en="PKS"),
        Msg(id="kewajiban", en="obligation"),
        Msg(id="internet desa", en="village internet"),
    ),
    themes=(EU_THEME + "GOVE",),
    accrual_periodicity=EU_FREQUENCY + "MONTHLY",
    konsep="Perjanjian kerja sama daerah dan pemenuhan kewajiban",
    definisi="Kewajiban tahunan setiap pihak dalam PKS yang telah ditandatangani; status kewajiban cakupan desa "
    "dihitung dari catatan titik akses internet, kewajiban lain dicatat pihak yang berkewajiban dengan bukti.",
    satuan="kewajiban; desa",
    ukuran="status kewajiban; jumlah desa dicakup, terpenuhi dan aktif",
    sumber="Dokumen PKS yang ditandatangani dan catatan pemantauan (Selaras)",
    fields=(
        _int("id_perjanjian", "Agreement id", "ID perjanjian"),
        _text("judul", "Title", "Judul"),
        _text("jenis", "Kind", "Jenis"),
        _text("para_pihak", "Parties (;-separated)", "Para pihak (dipisah ;)"),
        _date("mulai", "Starts on", "Mulai"),
        _date("berakhir", "Ends on", "Berakhir"),
        _text("status_perjanjian", "Agreement status", "Status perjanjian"),
        _date("tanggal_tanda_tangan", "Signed on", "Tanggal tanda tangan"),
        _int("tahun", "Year", "Tahun"),
        CODE_FIELD,
        _text("pihak", "Party owing the obligation", "Pihak yang berkewajiban"),
        _text("kewajiban", "Obligation", "Kewajiban"),
        _text("diukur_dengan", "Measured by", "Diukur dengan"),
        _text("indikator", "Indicator", "Indikator"),
        _number("target", "Indicator target", "Target indikator"),
        _date("jatuh_tempo", "Due on", "Jatuh tempo"),
        _text("status_kewajiban", "Obligation status", "Status kewajiban"),
        _int("desa_dicakup", "Villages covered", "Desa dicakup", "desa"),
        _int("desa_terpenuhi", "Villages fulfilled", "Desa terpenuhi", "desa"),
        _int("desa_aktif", "Villages live today", "Desa aktif saat ini", "desa"),
        SAMPLE_FIELD,
    ),
    build=_agreements,
)


REGISTRY: dict[str, Dataset] = {
    d.key: d for d in (VILLAGE_CONNECTIVITY, CONNECTIVITY_PROGRESS, PLAN_TARGETS, AGREEMENTS)
}


def dataset(key: str) -> Dataset | None:
    return REGISTRY.get(key)


def table_of(dataset: Dataset, province: Any, *, include_sample: bool = True) -> Table:
    """The dataset's rows for `province` (a Region). Call only for a published dataset."""
    return dataset.build(province, include_sample)
