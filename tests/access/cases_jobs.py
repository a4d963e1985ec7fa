"""Background jobs (issue 12, item 5) in the isolation matrix.

The world's job belongs to the target region and was started by nobody among the personas, so cancelling it or
starting it again is for the region's editors (`writes_region`: its operators, the province's administrators,
superusers); its page and its API record for whoever reads the region's private work. The world's job is queued:
the first allowed persona cancels it, the later ones are refused with the reason (a redirect with a message on
the page, 400 in the API), and restarting a queued job is refused the same way: both count as reached.
"""

from __future__ import annotations

from selaras.accounts.models import User
from tests.access.cases_rollout import writes_region
from tests.access.rules import Case, reads_private, signed_in

REACHED = (200, 202, 302, 400)

CASES: dict[str, Case] = {
    "jobs:cancel": Case(writes_region, ("POST",)),
    "jobs:restart": Case(writes_region, ("POST",)),
    "api:job-list": Case(signed_in),
    "api:job-detail": Case(reads_private),
    "api:job-cancel": Case(writes_region, ("POST",), allowed_statuses=REACHED),
    "api:job-restart": Case(writes_region, ("POST",), allowed_statuses=REACHED),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    return {}
