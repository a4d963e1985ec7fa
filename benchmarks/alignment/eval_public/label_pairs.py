"""Labels of eval_public, from the labeller's reading of each row (tags below), never from the analysis.

python benchmarks/alignment/eval_public/label_pairs.py [DIR]   # rewrites DIR/pairs.csv and DIR/tags.csv
python benchmarks/alignment/eval_public/label_pairs.py DIR holdout_   # DIR/holdout_tags.csv -> holdout_pairs.csv

The first set's tags are written below; a later set's tags are a hand-written `PREFIXtags.csv` (id,tag).
"""

import csv
import itertools
import sys
from collections import Counter

OUT = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/alignment/eval_public"
PREFIX = sys.argv[2] if len(sys.argv) > 2 else ""
with open(f"{OUT}/{PREFIX}rows.csv", encoding="utf-8") as handle:
    rows = {r["id"]: r for r in csv.DictReader(handle)}
T = {}


def tag(kind, ids):
    for i in ids.split():
        assert i in rows, i
        assert i not in T, i
        T[i] = kind


if PREFIX:
    with open(f"{OUT}/{PREFIX}tags.csv", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            tag(record["tag"], record["id"])
else:
    tag(
        "akses",
        "KT_P01 KT_P02 KK_01 KK_02 BR_01 PP_01 JT_P01 JT_P02 WS_01 JB_P01 JB_P02 GR_01 GR_02 CJ_01 NT_P01 NT_P04 SB_01 LT_01",
    )
    tag("akses?", "CJ_02")
    tag(
        "stat",
        "KT_P07 KK_05 BR_05 PP_03 JT_P05 PT_02 WS_02 JB_P06 GR_03 BK_02 NT_P06 SB_02 LB_01 MTR_01 JI_P07 BT_02 MJ_02 SBY_01 DY_P03 SL_02 KTG_P02 PR_01 RI_P03 PKU_01 SMD_01 BPN_01 KTM_03 SMG_01 BDG_02",
    )
    tag(
        "kam",
        "KT_P04 KT_P08 BR_04 PP_05 JT_P06 KL_03 DM_02 NT_P02 NT_P05 LT_03 LU_01 LU_02 JI_P02 BT_03 RI_P02 KP_02 KTG_P04 PR_03 SMD_02 KTM_01 BDG_01 SBY_02 YK_01 BK_01 GR_05",
    )
    tag(
        "jks",
        "KT_P09 KK_06 BPN_03 JT_P09 DM_03 SMG_02 JB_P07 CJ_03 NT_P07 LU_03 MTR_02 JI_P05 DY_P04 YK_02 SB_04",
    )
    tag("@csirt", "KT_P03 KK_03 BR_02 PP_04 JT_P03 PT_01 DM_01 NT_P03 DY_P02")
    tag("@tte", "KT_P05 KL_01 SM_01 DY_P01 SL_01 KP_01 BL_01")
    tag("@portal", "JT_P04 JB_P03 JI_P01 BT_01 MJ_01 KTG_P01 PS_01 PP_02")
    tag("@cc", "KB_01")
FIELD_OF = {"@csirt": "kam", "@tte": "kam", "@portal": "stat", "@cc": None, "@dc": None}
for i in rows:
    T.setdefault(i, "none")  # routine rows and rows with an aim no other row shares


def prov(r):
    return r["kode_wilayah"].split(".")[0]


def tier(r):
    return 0 if "." not in r["kode_wilayah"] else 1


def years(r):
    return {int(p.split(":")[0]) for p in r["targets"].split(";") if p and p.split(":")[1]}


def villages(r):
    return {v for v in r["lokasi"].split(";") if v}


pairs = []
for a, b in itertools.combinations(sorted(rows), 2):
    ra, rb = rows[a], rows[b]
    if prov(ra) != prov(rb) or ra["kode_wilayah"] == rb["kode_wilayah"]:
        continue
    ta, tb = T[a], T[b]
    if "none" in (ta, tb):
        continue
    label = None
    if ta == tb == "akses" and villages(ra) & villages(rb) and years(ra) & years(rb):
        label = "duplikasi"
    elif ta == tb and ta.startswith("@"):
        label = "layanan_bersama"
    elif ta == tb and not ta.startswith("@") and not ta.endswith("?") and tier(ra) != tier(rb):
        label = "kolaborasi"
    elif tier(ra) != tier(rb) and {ta.rstrip("?"), tb.rstrip("?")} == {"akses"}:
        label = "irisan_optional"  # desa digital coaching vs connectivity work
    elif tier(ra) != tier(rb) and (FIELD_OF.get(ta) == tb or FIELD_OF.get(tb) == ta):
        label = "irisan_optional"  # a shared service against work of the same field on the other tier
    if label:
        pairs.append((a, b, label))
with open(f"{OUT}/{PREFIX}pairs.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["a", "b", "label"])
    w.writerows(pairs)
print(Counter(p[2] for p in pairs))
if not PREFIX:
    with open(OUT + "/tags.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "tag"])
        w.writerows(sorted(T.items()))
