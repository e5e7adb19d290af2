"""Page numbers the API accepts: a malformed one is a 400 naming ``page``.

A page past the last is still DRF's 404 ("Invalid page"): it is a real page
number of a list that is shorter. NUL, a word or a 20-digit number is not a
page number at all.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from sources.domain.text import MAX_PAGE
from sources.validators import check_number


class CheckedPageNumberPagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        given = request.query_params.get(self.page_query_param, "").strip()
        if not given:
            return 1
        if given in self.last_page_strings:
            return paginator.num_pages
        try:
            return check_number(given, field=self.page_query_param, maximum=MAX_PAGE)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None

    def get_schema_operation_parameters(self, view):
        """Say in the schema which page numbers are pages: 1 to ``MAX_PAGE``."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE)
        return parameters
