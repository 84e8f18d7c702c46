from rest_framework.pagination import PageNumberPagination

from core.paging import EstimatedCountPaginator


class StandardPagination(PageNumberPagination):
    django_paginator_class = EstimatedCountPaginator  # "count" is PostgreSQL's estimate above LIST_ESTIMATE_COUNT_ABOVE
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
