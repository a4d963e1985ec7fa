"""Program irisan: rows of different governments that duplicate, could share a service, or could collaborate.

Matching works on the terms of `uraian` + `indikator` (synonyms folded into concepts, Snowball stems,
stopwords dropped), weighted by TF-IDF over all candidate rows and compared by cosine similarity. Concepts also
carry a field of work (`bidang` in synonyms.csv): rows of one field are one aim in other words. Candidates are
blocked by province, then by the pairs that can meet (a provincial row with any row, a regency/city row with
the provincial rows and with the rows naming a shareable asset, rows sharing a village), so the work grows with
the rows of one province, not with all rows. Routine rows and national rows never take part.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from selaras.core.alignment.codes import CODE_RE
from selaras.core.alignment.lexicon import CONCEPT_PREFIX, ConceptKind, Lexicon
from selaras.core.alignment.model import (
    MAX_LISTED,
    IrisanCandidate,
    IrisanEvidence,
    IrisanGroup,
    IrisanSettings,
    IrisanType,
)
from selaras.core.plans.rows import PlanRow

# Weights of the score; the type decides whether a pair is a candidate, the score ranks and filters it.
W_SIMILARITY = 0.5
W_CODE = 0.2
W_EVIDENCE = 0.3
BLOCK_ROWS = 1024  # rows per block of the similarity matrix, to bound memory on large provinces
URAIAN_WEIGHT = 0.5
CONNECTIVITY_FIELD = "akses"  # the synonyms.csv `bidang` of connectivity work (internet, BTS, blank spot...)
_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Doc:
    row: PlanRow
    tf: dict[str, float]
    terms: frozenset[str]
    ranked_terms: tuple[str, ...]  # most telling (highest idf) first, set once idf is known
    assets: frozenset[str]
    beneficiaries: frozenset[str]
    fields: frozenset[str]
    villages: frozenset[str]
    years: frozenset[int]
    tier: int  # 0 province, 1 regency/city


def _term_weights(row: PlanRow, lexicon: Lexicon) -> dict[str, float]:
    # The uraian is often a generic nomenclature title ("Program Aplikasi Informatika") shared by unrelated
    # rows, while the indicator says what is delivered, so uraian terms count half.
    weights: dict[str, float] = defaultdict(float)
    for text, weight in ((row.indikator, 1.0), (row.uraian, URAIAN_WEIGHT)):
        for term in lexicon.analyze(text).terms:
            weights[term] += weight
    return dict(weights)


def is_routine_row(row: PlanRow, lexicon: Lexicon) -> bool:
    return lexicon.is_routine(row.kode, row.uraian, row.indikator)


def find_irisan(
    rows: Iterable[PlanRow], lexicon: Lexicon, settings: IrisanSettings
) -> tuple[list[IrisanCandidate], list[IrisanGroup]]:
    """Irisan candidates (best score first) and their groups (connected components of the candidates).

    Pairs are formed within one province (the province and its regencies/cities), between different regions:
    - duplikasi: shared villages (`lokasi`) and years, and either both rows are connectivity work (field
      `akses`), whatever their wording, or their wording similarity >= duplikasi_min_similarity;
    - layanan_bersama: both name the same shareable asset/service (`aset` concepts of synonyms.csv);
    - kolaborasi: a provincial and a regency/city row with wording similarity >= kolaborasi_min_similarity,
      or of one field with similarity >= field_min_similarity, whatever audience each names.
    score = 0.5 similarity + 0.2 code affinity + 0.3 type evidence; kept when >= min_score (duplications
    always).
    """
    docs = [_make_doc(row, lexicon) for row in rows if _takes_part(row, lexicon)]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.tf.keys())
    idf = {term: math.log((1 + len(docs)) / (1 + count)) + 1 for term, count in df.items()}
    docs = [replace(d, ranked_terms=tuple(sorted(d.terms, key=lambda t: (-idf[t], t)))) for d in docs]
    by_province: dict[str, list[_Doc]] = defaultdict(list)
    for doc in docs:
        by_province[doc.row.kode_wilayah.split(".")[0]].append(doc)
    candidates: list[IrisanCandidate] = []
    for group in by_province.values():
        candidates.extend(_province_candidates(group, idf, settings))
    candidates.sort(key=lambda c: (-c.score, c.a, c.b))
    return candidates, _groups(candidates)


def _takes_part(row: PlanRow, lexicon: Lexicon) -> bool:
    return (row.is_province or row.is_regency) and not is_routine_row(row, lexicon)


def _make_doc(row: PlanRow, lexicon: Lexicon) -> _Doc:
    uraian, indikator = lexicon.analyze(row.uraian), lexicon.analyze(row.indikator)
    concepts = uraian.concepts | indikator.concepts
    weights = _term_weights(row, lexicon)
    return _Doc(
        row=row,
        tf=weights,
        terms=frozenset(weights),
        ranked_terms=(),
        assets=frozenset(c for c in concepts if lexicon.kind_of(c) == ConceptKind.ASSET),
        beneficiaries=frozenset(c for c in concepts if lexicon.kind_of(c) == ConceptKind.BENEFICIARY),
        fields=uraian.fields | indikator.fields,
        villages=frozenset(row.lokasi),
        years=frozenset(row.targets_by_year) | frozenset(row.pagu_idr_by_year),
        tier=0 if row.is_province else 1,
    )


@dataclass(frozen=True)
class _Features:
    """Per-row arrays for scoring whole blocks of pairs at once."""

    region: np.ndarray
    tier: np.ndarray
    assets: np.ndarray  # bit mask of asset concepts
    beneficiaries: np.ndarray  # bit mask of beneficiary concepts
    fields: np.ndarray  # bit mask of fields of work
    code_prefixes: tuple[np.ndarray, ...]  # urusan, program, kegiatan, sub kegiatan ids; unique when absent


def _bits(concepts: frozenset[str], numbering: dict[str, int]) -> int:
    # Folding into 62 bits may make two concepts collide; that only affects which pairs get judged in full,
    # since the full judgement compares the concept sets themselves.
    mask = 0
    for concept in concepts:
        mask |= 1 << (numbering.setdefault(concept, len(numbering)) % 62)
    return mask


def _features(docs: Sequence[_Doc]) -> _Features:
    numbering: dict[str, int] = {}
    prefix_ids: dict[str, int] = {}
    prefixes: list[list[int]] = [[], [], [], []]
    for i, doc in enumerate(docs):
        parts = doc.row.kode.split(".") if CODE_RE.match(doc.row.kode) else []
        if len(parts) > 3:
            parts[3] = "x"
        for level, length in enumerate((2, 3, 5, 6)):
            key = ".".join(parts[:length]) if len(parts) >= length else None
            prefixes[level].append(prefix_ids.setdefault(key, len(prefix_ids)) if key else -1 - i)
    regions: dict[str, int] = {}
    return _Features(
        region=np.array([regions.setdefault(d.row.kode_wilayah, len(regions)) for d in docs]),
        tier=np.array([d.tier for d in docs]),
        assets=np.array([_bits(d.assets, numbering) for d in docs], dtype=np.int64),
        beneficiaries=np.array([_bits(d.beneficiaries, numbering) for d in docs], dtype=np.int64),
        fields=np.array([_bits(d.fields, numbering) for d in docs], dtype=np.int64),
        code_prefixes=tuple(np.array(level) for level in prefixes),
    )


def _block_scores(
    similarity: np.ndarray, f: _Features, rows: np.ndarray, cols: np.ndarray, settings: IrisanSettings
) -> np.ndarray:
    """Scores of the layanan_bersama and kolaborasi pairs among `rows` x `cols` (indices); -1 elsewhere."""
    different_region = f.region[rows, None] != f.region[None, cols]
    shared_asset = (f.assets[rows, None] & f.assets[None, cols]) != 0
    shared_beneficiary = (f.beneficiaries[rows, None] & f.beneficiaries[None, cols]) != 0
    shared_field = (f.fields[rows, None] & f.fields[None, cols]) != 0
    kolaborasi = (f.tier[rows, None] != f.tier[None, cols]) & (
        (similarity >= settings.kolaborasi_min_similarity)
        | (shared_field & (similarity >= settings.field_min_similarity))
    )
    code = sum(np.float32(0.25) * (level[rows, None] == level[None, cols]) for level in f.code_prefixes)
    evidence = np.where(shared_asset | shared_beneficiary | shared_field, np.float32(1.0), np.float32(0.5))
    score = W_SIMILARITY * similarity + W_CODE * code + W_EVIDENCE * evidence
    return np.where(different_region & (shared_asset | kolaborasi), score, np.float32(-1.0))


def _best_pairs(
    matrix: np.ndarray, f: _Features, rows: np.ndarray, cols: np.ndarray, settings: IrisanSettings
) -> dict[tuple[int, int], float]:
    """Each of `rows`' best `max_partners_per_row` partners among `cols` scoring at least `min_score`,
    with the pair's wording similarity."""
    keep = max(1, settings.max_partners_per_row)
    pairs: dict[tuple[int, int], float] = {}
    if not len(rows) or not len(cols):
        return pairs
    for start in range(0, len(rows), BLOCK_ROWS):
        block = rows[start : start + BLOCK_ROWS]
        similarity = matrix[block] @ matrix[cols].T
        scores = _block_scores(similarity, f, block, cols, settings)
        best = (
            np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
            if scores.shape[1] > keep
            else np.tile(np.arange(scores.shape[1]), (scores.shape[0], 1))
        )
        hit_rows, hit_cols = np.nonzero(np.take_along_axis(scores, best, axis=1) >= settings.min_score)
        picked = best[hit_rows, hit_cols]
        values = similarity[hit_rows, picked].tolist()
        for i, j, value in zip(block[hit_rows].tolist(), cols[picked].tolist(), values, strict=True):
            pairs[(i, j) if i < j else (j, i)] = value
    return pairs


def _province_candidates(
    docs: Sequence[_Doc], idf: dict[str, float], settings: IrisanSettings
) -> list[IrisanCandidate]:
    if len({d.row.kode_wilayah for d in docs}) < 2:
        return []
    vocab = {term: k for k, term in enumerate(sorted({t for d in docs for t in d.tf}))}
    matrix = np.zeros((len(docs), max(1, len(vocab))), dtype=np.float32)
    for i, doc in enumerate(docs):
        for term, count in doc.tf.items():
            matrix[i, vocab[term]] = (1 + math.log(count) if count >= 1 else count) * idf[term]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1)
    features = _features(docs)
    # Only a provincial row can collaborate with a regency/city row, and two regencies/cities meet only
    # over a shared asset: so each row is scored against the columns it can pair with, not all rows.
    province_rows = np.flatnonzero(features.tier == 0)
    asset_rows = np.flatnonzero(features.assets != 0)
    regency_rows = np.flatnonzero(features.tier == 1)
    regency_plain = regency_rows[features.assets[regency_rows] == 0]
    regency_asset = regency_rows[features.assets[regency_rows] != 0]
    every_row = np.arange(len(docs))
    pairs = _best_pairs(matrix, features, province_rows, every_row, settings)
    pairs |= _best_pairs(matrix, features, regency_plain, province_rows, settings)
    # A regency/city row naming an asset meets the provincial rows and the rows naming the same asset: one
    # block per asset, so the work grows with the rows of each asset, not with all asset rows squared.
    for bit in range(62):
        mask = np.int64(1) << np.int64(bit)
        members = asset_rows[(features.assets[asset_rows] & mask) != 0]
        mine = np.intersect1d(regency_asset, members, assume_unique=True)
        if len(mine):
            pairs |= _best_pairs(matrix, features, mine, np.union1d(province_rows, members), settings)
    # Duplications need shared villages: few pairs, found through the villages and always judged.
    for members in _index(docs, lambda d: d.villages).values():
        for i, j in _cross_region_pairs(members, docs):
            if (i, j) not in pairs:
                pairs[(i, j)] = float(matrix[i] @ matrix[j])

    found = []
    for (i, j), similarity in sorted(pairs.items()):
        candidate = _judge(docs[i], docs[j], min(1.0, similarity), idf, settings)
        if candidate is not None:
            found.append(candidate)
    return found


def _index(docs: Sequence[_Doc], keys: Callable[[_Doc], Iterable[str]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for key in keys(doc):
            index[key].append(i)
    return index


def _cross_region_pairs(members: list[int], docs: Sequence[_Doc]) -> Iterable[tuple[int, int]]:
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            if docs[i].row.kode_wilayah != docs[j].row.kode_wilayah:
                yield (i, j) if i < j else (j, i)


@lru_cache(maxsize=65_536)
def _code_affinity(a: str, b: str) -> tuple[float, str]:
    """How far two codes agree once the tier digit is ignored: 1 sub kegiatan ... 0.25 urusan, 0 none."""
    if not (CODE_RE.match(a) and CODE_RE.match(b)):
        return 0.0, ""
    pa, pb = a.split("."), b.split(".")
    if len(pa) > 3:
        pa[3] = "x"
    if len(pb) > 3:
        pb[3] = "x"
    same = 0
    for x, y in zip(pa, pb, strict=False):
        if x != y:
            break
        same += 1
    # parts: urusan is 2, program 3, kegiatan 5 (with the tier), sub kegiatan 6
    score = {0: 0.0, 1: 0.0, 2: 0.25, 3: 0.5, 4: 0.5, 5: 0.75, 6: 1.0}[same]
    shown = ".".join(pa[: same if same != 4 else 3])
    return score, shown if score else ""


def _judge(
    x: _Doc, y: _Doc, similarity: float, idf: dict[str, float], settings: IrisanSettings
) -> IrisanCandidate | None:
    a, b = (x, y) if (x.tier, x.row.id) <= (y.tier, y.row.id) else (y, x)
    villages = a.villages & b.villages if a.villages and b.villages else _EMPTY
    years = a.years & b.years
    assets = a.assets & b.assets if a.assets and b.assets else _EMPTY
    beneficiaries = a.beneficiaries & b.beneficiaries if a.beneficiaries and b.beneficiaries else _EMPTY
    fields = a.fields & b.fields
    connectivity = CONNECTIVITY_FIELD in fields
    evidence: float
    if villages and years and (connectivity or similarity >= settings.duplikasi_min_similarity):
        kind = IrisanType.DUPLIKASI
        evidence = len(villages) / min(len(a.villages), len(b.villages))
    elif assets:
        kind = IrisanType.LAYANAN_BERSAMA
        evidence = 1.0
    elif a.tier != b.tier and (
        similarity >= settings.kolaborasi_min_similarity
        or (fields and similarity >= settings.field_min_similarity)
    ):
        kind = IrisanType.KOLABORASI
        evidence = 1.0 if beneficiaries or fields else 0.5
    else:
        return None
    code_score, code_prefix = _code_affinity(a.row.kode, b.row.kode)
    score = round(W_SIMILARITY * similarity + W_CODE * code_score + W_EVIDENCE * evidence, 4)
    if score < settings.min_score and kind != IrisanType.DUPLIKASI:
        return None
    shared_terms = [t for t in a.ranked_terms if t in b.terms][:MAX_LISTED]
    found = IrisanEvidence(
        villages=tuple(sorted(villages)) if villages else (),
        years=tuple(sorted(years)),
        terms=tuple(_show(t) for t in shared_terms),
        assets=tuple(_show(t) for t in sorted(assets)),
        beneficiaries=tuple(_show(t) for t in sorted(beneficiaries)),
        code_prefix=code_prefix,
        fields=tuple(sorted(fields)),
        audiences=(
            (
                tuple(_show(t) for t in sorted(a.beneficiaries)),
                tuple(_show(t) for t in sorted(b.beneficiaries)),
            )
            if a.beneficiaries and b.beneficiaries and not beneficiaries
            else ((), ())
        ),
    )
    return IrisanCandidate(a.row.id, b.row.id, kind, score, round(similarity, 4), found)


@lru_cache(maxsize=65_536)
def _show(term: str) -> str:
    return term[len(CONCEPT_PREFIX) :].replace("_", " ") if term.startswith(CONCEPT_PREFIX) else term


def _groups(candidates: Sequence[IrisanCandidate]) -> list[IrisanGroup]:
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for c in candidates:
        parent[find(c.a)] = find(c.b)
    members: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[IrisanType]] = defaultdict(set)
    for c in candidates:
        root = find(c.a)
        members[root].update((c.a, c.b))
        types[root].add(c.type)
    groups = [IrisanGroup(tuple(sorted(ids)), tuple(sorted(types[root]))) for root, ids in members.items()]
    return sorted(groups, key=lambda g: (-len(g.ids), g.ids))
