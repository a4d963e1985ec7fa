"""What a new synchronization run does to the proposals of the previous one: which persist, which are new, which
vanish, and which decided ones would change (so the province confirms before a run overwrites a decision).

A proposal is identified by its rows and its type (`proposal_key`): the same two rows with the same irisan type
are the same proposal in every run, whatever their score or order. No Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


def proposal_key(kind: str, row_a: str, row_b: str) -> str:
    """The stable key of a proposal: its type and its two row ids, in sorted order."""
    first, second = sorted((row_a, row_b))
    return f"{kind}|{first}|{second}"


def _pair(key: str) -> str:
    return key.split("|", 1)[1]


class Change(StrEnum):
    """How a proposal of a run relates to the previous run ("" on a first run)."""

    NONE = ""
    NEW = "new"
    KEPT = "kept"
    VANISHED = "vanished"


class DecidedChange(StrEnum):
    VANISHES = "vanishes"  # the rows no longer make this irisan
    TYPE_CHANGES = "type_changes"  # the same rows make another type of irisan
    REASON_CHANGES = "reason_changes"  # kept, answers carried over, but on another reason


@dataclass(frozen=True)
class ProposalState:
    """A proposal as the comparison sees it. `decided`: a party answered or a draft agreement was opened."""

    key: str
    reason: str
    decided: bool = False


@dataclass(frozen=True)
class DecidedProposalChange:
    key: str
    change: DecidedChange
    reason_before: str
    reason_after: str = ""
    kind_after: str = ""


@dataclass(frozen=True)
class RerunDiff:
    """`kept`, `new`, `vanished`: keys; `decided_changes`: what the province must confirm before the run."""

    kept: frozenset[str]
    new: frozenset[str]
    vanished: frozenset[str]
    decided_changes: tuple[DecidedProposalChange, ...]

    @property
    def fingerprint(self) -> str:
        """A short digest of `decided_changes`: a confirmation holds only for the changes that were shown."""
        text = "\n".join(f"{c.key}:{c.change}:{c.kind_after}" for c in self.decided_changes)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def change_of(self, key: str) -> Change:
        if key in self.kept:
            return Change.KEPT
        if key in self.new:
            return Change.NEW
        return Change.VANISHED if key in self.vanished else Change.NONE


def rerun_diff(previous: Iterable[ProposalState], current: Iterable[ProposalState]) -> RerunDiff:
    """Compare the proposals of the previous run (including ones it already listed as vanished, so a decision is
    never lost) with those a new run finds."""
    before = {p.key: p for p in previous}
    after = {p.key: p for p in current}
    kinds_after: dict[str, list[str]] = {}
    for key in after:
        kinds_after.setdefault(_pair(key), []).append(key.split("|", 1)[0])
    changes: list[DecidedProposalChange] = []
    for key in sorted(before):
        old = before[key]
        if not old.decided:
            continue
        if key in after:
            if after[key].reason != old.reason:
                changes.append(
                    DecidedProposalChange(key, DecidedChange.REASON_CHANGES, old.reason, after[key].reason)
                )
            continue
        other_kinds = kinds_after.get(_pair(key))
        if other_kinds:
            other = f"{other_kinds[0]}|{_pair(key)}"
            changes.append(
                DecidedProposalChange(
                    key, DecidedChange.TYPE_CHANGES, old.reason, after[other].reason, other_kinds[0]
                )
            )
        else:
            changes.append(DecidedProposalChange(key, DecidedChange.VANISHES, old.reason))
    return RerunDiff(
        kept=frozenset(before.keys() & after.keys()),
        new=frozenset(after.keys() - before.keys()),
        vanished=frozenset(before.keys() - after.keys()),
        decided_changes=tuple(changes),
    )
