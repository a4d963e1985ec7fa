"""A meeting as plain, frozen data: what the berita acara, the daftar hadir and the xlsx register are made from.

The Django app (`selaras.meetings`) builds a `MeetingRecord` from its models; the documents
(`selaras.meetings.documents`) only read it, so they render without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

ATTENDANCE_PRESENT = "present"
ATTENDANCE_REPRESENTED = "represented"
ATTENDANCE_ABSENT = "absent"


@dataclass(frozen=True)
class Participant:
    """One person at the meeting for one government."""

    government: str
    region_code: str
    name: str
    position: str
    attendance: str  # "present" | "represented" | "absent"
    represented_by: str = ""


@dataclass(frozen=True)
class AgendaItem:
    order: int
    title: str
    notes: str = ""


@dataclass(frozen=True)
class Decision:
    """A kesepakatan: its number in the berita acara, its text, the governments bound and what it points at."""

    number: int
    text: str
    bound: tuple[str, ...]
    refers_to: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    """A tindak lanjut of a decision; `status` is the label already translated into the record's language."""

    decision_number: int
    text: str
    responsible: str
    due: Date | None
    status: str
    evidence: str


@dataclass(frozen=True)
class MeetingRecord:
    """Everything the documents show; `language` is "id" (default) or "en"."""

    title: str
    theme: str
    date: Date
    place: str
    host: str
    host_code: str
    participants: tuple[Participant, ...]
    agenda: tuple[AgendaItem, ...]
    decisions: tuple[Decision, ...]
    follow_ups: tuple[FollowUp, ...]
    is_sample: bool
    language: str
