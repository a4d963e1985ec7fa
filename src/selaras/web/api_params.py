"""What an API request may ask for: bounded paging on every list, and query parameters read through a serializer,
so the schema lists them and a bad value answers 400 naming the parameter (rendered by
`selaras.web.api_errors`), never 500. DRF's CharField already refuses NUL characters, which PostgreSQL cannot
store or compare."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

# Kemendagri codes: province `64`, regency `64.01`, district `64.01.01`, village `64.01.01.2001`; `00` national.
REGION_CODE_PATTERN = r"^\d{2}(\.\d{1,4}){0,3}$"


class Pagination(LimitOffsetPagination):
    """`?limit=` is capped (like DRF's `max_limit`); `?offset=` too, since a number past the database's integer
    range would otherwise fail in the query."""

    max_limit = 1000
    max_offset = 2**31 - 1

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.max_offset)


class RegionByCode(serializers.SlugRelatedField[Any]):
    """A region named by its code (in a request body); a value that is no code is refused before the database
    sees it (PostgreSQL fails on a NUL character rather than finding nothing)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not re.fullmatch(REGION_CODE_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)


def region_code_field(help_text: str) -> serializers.RegexField:
    return serializers.RegexField(REGION_CODE_PATTERN, max_length=20, required=False, help_text=help_text)


def query(request: Request, params: type[serializers.Serializer[Any]]) -> dict[str, Any]:
    """The request's query parameters checked by the serializer `params`; 400 with its errors otherwise."""
    checked = params(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)
