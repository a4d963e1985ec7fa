"""One error type for every service, one renderer for pages and the API."""

import pytest
from django.utils import translation

from selaras.agreements.documents import DocumentError
from selaras.agreements.services import AgreementError
from selaras.connectivity.services import ConnectivityError
from selaras.core.i18n import Msg
from selaras.core.tables import Problem
from selaras.planning.services import PlanError
from selaras.rollout.results import CompareError
from selaras.rollout.services import RolloutServiceError
from selaras.sync.services import SyncError
from selaras.uploads.services import UploadError
from selaras.web.api_errors import exception_handler
from selaras.web.errors import ServiceError, error_messages
from selaras.web.i18n import error_text

REFUSED = Msg(id="Ditolak: {why}.", en="Refused: {why}.")
BAD = Msg(id="'{value}' bukan angka.", en="'{value}' is not a number.")


@pytest.mark.parametrize(
    "kind",
    [PlanError, AgreementError, RolloutServiceError, CompareError, SyncError, DocumentError, UploadError],
)
def test_every_app_error_is_a_service_error(kind: type[Exception]) -> None:
    assert issubclass(kind, ServiceError)
    assert isinstance(ConnectivityError([REFUSED(why="x")]), ServiceError)


def test_the_api_answers_400_with_the_message_in_the_requests_language() -> None:
    error = PlanError(REFUSED(why="locked"))

    with translation.override("en"):
        response = exception_handler(error, {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["detail"] == "Refused: locked."

    with translation.override("id"):
        response = exception_handler(error, {})
    assert response is not None
    assert response.data["detail"] == "Ditolak: locked."


def test_the_api_groups_the_problems_of_a_file() -> None:
    problems = [Problem("Data", row, "Pagu (D)", BAD(value="x"), "error", 3) for row in (5, 6, 7)]
    error = UploadError(REFUSED(why="file"), problems=problems)

    with translation.override("en"):
        response = exception_handler(error, {})

    assert response is not None
    (group,) = response.data["problems"]
    assert (group["count"], group["column"], group["message"]) == (3, "Pagu (D)", "'x' is not a number.")
    assert group["first"][0]["message"] == "Sheet 'Data', row 5, column Pagu (D): 'x' is not a number."


def test_pages_render_every_reason_in_the_active_language() -> None:
    error = ConnectivityError([REFUSED(why="a"), REFUSED(why="b")])

    with translation.override("en"):
        assert error_messages(error) == ["Refused: a.", "Refused: b."]
        assert error_text(error) == "Refused: a.; Refused: b."
    with translation.override("id"):
        assert error_text(RolloutServiceError(Msg(id="Tidak ada skenario.", en="No scenario."))) == (
            "Tidak ada skenario."
        )
        assert error_text(AgreementError("sudah ditutup")) == "sudah ditutup"


def test_older_attributes_keep_working() -> None:
    text = REFUSED(why="x")

    assert PlanError(text).text == text
    assert ConnectivityError([text]).messages == [text]
    assert RolloutServiceError(text).message == text
