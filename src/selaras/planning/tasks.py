from __future__ import annotations

from typing import Any

from django_tasks import task

from selaras.accounts.models import User
from selaras.jobs.queues import QUEUE_IMPORTS
from selaras.jobs.services import job_run
from selaras.planning.models import Plan
from selaras.planning.services import (
    import_problems,
    plan_import_check,
    plan_import_rows,
    province_import_commit,
)
from selaras.uploads.services import upload_discard, upload_get, upload_open
from selaras.web.errors import ServiceError


@task(queue_name=QUEUE_IMPORTS)
def plan_import_file(
    *, job_id: str, plan_id: int, token: str, user_id: int, remove_missing: bool = False, rows: int = 0
) -> None:
    """Check again (the plan may have changed since the preview) and save a large upload, all or nothing.
    `rows`: how many the preview counted, shown while the file is checked again."""

    def work(progress: Any) -> dict[str, Any]:
        progress(0, rows, "check")
        user = User.objects.get(pk=user_id)
        plan = Plan.objects.get(pk=plan_id)
        kept = upload_get(token, user)
        check = plan_import_check(
            plan=plan, user=user, data=upload_open(token, user), remove_missing=remove_missing
        )
        if check.errors:
            raise ServiceError(problems=import_problems(check))
        report = plan_import_rows(
            plan=plan,
            user=user,
            rows=check.workbook.rows,
            progress=progress,
            reason=f"import {kept.file_name}"[:100],
            remove_missing=remove_missing,
            file_name=kept.file_name,
            warnings=len(check.warnings),
        )
        upload_discard(token, user)
        return report.as_dict()

    job_run(job_id, work)


@task(queue_name=QUEUE_IMPORTS)
def province_import_file(
    *, job_id: str, token: str, user_id: int, kind_of_plan: str, remove_missing: bool = False, rows: int = 0
) -> None:
    """Check the province's workbook again (plans may have changed since the preview) and save it into every
    region's plan, all or nothing. `rows`: how many the preview counted, shown while the file is checked."""

    def work(progress: Any) -> dict[str, Any]:
        progress(0, rows, "check")
        user = User.objects.get(pk=user_id)
        kept = upload_get(token, user)
        check = province_import_commit(
            user=user,
            data=upload_open(token, user),
            kind=kind_of_plan,
            remove_missing=remove_missing,
            file_name=kept.file_name,
            progress=progress,
        )
        if check.errors:
            raise ServiceError(problems=import_problems(check))
        upload_discard(token, user)
        return {"rows": check.row_count, "regions": len(check.regions)}

    job_run(job_id, work)
