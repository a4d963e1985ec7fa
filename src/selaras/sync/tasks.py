from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_tasks import task

from selaras.accounts.models import User
from selaras.core.i18n import Msg
from selaras.jobs.queues import QUEUE_SOLVER
from selaras.jobs.services import job_run
from selaras.sync.models import RunState
from selaras.sync.services import sync_run

PUBLISHED = Msg(
    id=(
        "Analisis selesai dan laporannya terbit: {coverage_gaps} celah cakupan, {target_shortfalls} kekurangan "
        "target, {code_errors} masalah kode, {irisan} usulan irisan."
    ),
    en=(
        "The analysis is finished and its report published: {coverage_gaps} coverage gaps, {target_shortfalls} "
        "target shortfalls, {code_errors} code problems, {irisan} irisan proposals."
    ),
)
PENDING = Msg(
    id=(
        "Analisis selesai: {coverage_gaps} celah cakupan, {target_shortfalls} kekurangan target, {code_errors} "
        "masalah kode, {irisan} usulan irisan. Periksa perubahannya terhadap jawaban yang ada, lalu terbitkan."
    ),
    en=(
        "The analysis is finished: {coverage_gaps} coverage gaps, {target_shortfalls} target shortfalls, "
        "{code_errors} code problems, {irisan} irisan proposals. Check what it changes in the answers given, "
        "then publish it."
    ),
)
OPEN_REPORT = Msg(id="Buka laporan sinkronisasi", en="Open the synchronization report")
OPEN_RUN = Msg(id="Periksa dan terbitkan", en="Check and publish")


@task(queue_name=QUEUE_SOLVER)
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
        summary = run.result_id.get("summary", {})
        if run.state == RunState.PENDING:
            message, link = PENDING.render, OPEN_RUN
        else:
            message, link = PUBLISHED.render, OPEN_REPORT
        counts = {
            key: summary.get(key, 0)
            for key in ("coverage_gaps", "target_shortfalls", "code_errors", "irisan")
        }
        return {
            "run_id": run.pk,
            "state": run.state,
            "url": url,
            "message": {lang: message(lang, **counts) for lang in ("id", "en")},
            "link_text": {lang: link.render(lang) for lang in ("id", "en")},
            **summary,
        }

    job_run(job_id, work)
