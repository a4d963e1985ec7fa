from __future__ import annotations

from typing import Any

from django_tasks import task

from selaras.accounts.models import User
from selaras.core.regions_data import parse_region_list
from selaras.jobs.queues import QUEUE_IMPORTS
from selaras.jobs.services import job_run
from selaras.regions.services import regions_load
from selaras.uploads.services import stored_delete, stored_read, table_limits
from selaras.web.errors import ServiceError


@task(queue_name=QUEUE_IMPORTS)
def regions_load_file(*, job_id: str, file_name: str, province: str, user_id: int | None) -> None:
    """Load an uploaded official list (already checked when it was uploaded) for one province."""
    user = User.objects.filter(pk=user_id).first() if user_id else None

    def work(progress: Any) -> dict[str, Any]:
        rows, errors = parse_region_list(
            stored_read(file_name), province=province, file_name=file_name, limits=table_limits()
        )
        if errors:
            raise ServiceError(list(errors[:5]))
        report = regions_load(
            rows=rows, scope=province, user=user, reason=f"upload {file_name}", progress=progress
        )
        stored_delete(file_name)
        return report.as_dict()

    job_run(job_id, work)
