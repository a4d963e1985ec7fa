from __future__ import annotations

from typing import Any

from django_tasks import task

from selaras.connectivity.models import ImportState, SurveyImport
from selaras.connectivity.services import survey_match
from selaras.jobs.queues import QUEUE_IMPORTS
from selaras.jobs.services import job_run
from selaras.web.i18n import failure_record


@task(queue_name=QUEUE_IMPORTS)
def survey_match_task(*, job_id: str, survey_id: int) -> None:
    """Match a large uploaded survey (already checked when it was uploaded) in the background."""
    survey = SurveyImport.objects.select_related("region").get(pk=survey_id)

    def work(progress: Any) -> dict[str, Any]:
        try:
            rows = survey_match(survey=survey, progress=progress)
        except Exception as error:
            SurveyImport.objects.filter(pk=survey_id).update(
                state=ImportState.FAILED, error=failure_record(error, survey.file_name)
            )
            raise
        return {"rows": rows, "survey_id": survey_id}

    job_run(job_id, work)
