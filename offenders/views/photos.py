"""Photographs of persons, served only here, to officers (session or API token) who may read the person."""
from __future__ import annotations

import json

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import BaseRenderer

from core.access import VIEW, access_logged

from ..models import Person, PersonPhoto
from .common import file_response


class _PassThroughRenderer(BaseRenderer):
    """Lets DRF's content negotiation accept any Accept header for a file response."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only error bodies reach a renderer (files are FileResponses): give them as JSON.
        return json.dumps(data).encode() if not isinstance(data, bytes) else data


def _photo(request, key, attr: str):
    photo = (
        PersonPhoto.objects.filter(key=key, person__in=Person.objects.for_user(request.user, VIEW))
        .only("image", "thumbnail")
        .first()
    )
    if photo is None:
        raise Http404
    return file_response(getattr(photo, attr), "image/jpeg")


@extend_schema(exclude=True)  # a file, not an API resource
@api_view(["GET"])
@renderer_classes([_PassThroughRenderer])
@access_logged("photo", key="key")
def photo_image(request, key):
    """A photograph, to logged-in officers (session or API token) who may read the person."""
    return _photo(request, key, "image")


@extend_schema(exclude=True)
@api_view(["GET"])
@renderer_classes([_PassThroughRenderer])
@access_logged("photo thumbnail", key="key")
def photo_thumbnail(request, key):
    return _photo(request, key, "thumbnail")

