from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_tasks import task

from selaras.accounts.models import User
from selaras.jobs.services import job_run
from selaras.sync.models import RunState
from selaras.sync.services import sync_run


@task()
def sync_run_task(*, job_id: str, province_code: str, years: list[int], user_id: int | None) -> None:
    """Run the synchronization analysis in the background; the job page links to the report."""
    user = User.objects.filter(pk=user_id).first() if user_id else None

    def work(progress: Any) -> dict[str, Any]:
        progress(0, 1, "analyse")
        run = sync_run(actor=user, province_code=province_code, years=years)
        progress(1, 1, "done")
        if run.state == RunState.PENDING:  # the run page shows what it would change and asks to confirm
            url = reverse("sync:run", kwargs={"run_id": run.pk})
        else:
            url = reverse("sync:report", kwargs={"region_code": province_code})
        return {"run_id": run.pk, "state": run.state, "url": url, **run.result_id.get("summary", {})}

    job_run(job_id, work)
