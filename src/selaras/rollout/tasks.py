from __future__ import annotations

from typing import Any

from django_tasks import task

from selaras.jobs.queues import QUEUE_SOLVER
from selaras.jobs.services import job_run
from selaras.rollout.models import Scenario
from selaras.rollout.services import scenario_fail, scenario_solve
from selaras.web.i18n import failure_record


@task(queue_name=QUEUE_SOLVER)
def scenario_solve_task(*, job_id: str, scenario_id: int) -> None:
    """Solve a scenario in the background; the job page shows the solver's stages."""

    def work(progress: Any) -> dict[str, Any]:
        try:
            return scenario_solve(scenario=Scenario.objects.get(pk=scenario_id), progress=progress)
        except Exception as error:
            scenario_fail(scenario_id=scenario_id, error=failure_record(error))
            raise

    job_run(job_id, work)
