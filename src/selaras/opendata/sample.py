"""The demo's sample scenario is public: its province's datasets are published, marked as sample (the rows
themselves are labelled CONTOH by each dataset). A real installation (`--no-demo`) never runs this, so there
nothing is published until a provincial administrator chooses it."""

from __future__ import annotations

from selaras.opendata.publication import publish_sample

SAMPLE_PROVINCE = "64"


def ensure_sample() -> str:
    keys = publish_sample(SAMPLE_PROVINCE)
    if not keys:
        return ""
    return f"Open data of the sample scenario published for province {SAMPLE_PROVINCE} (labelled CONTOH)"
