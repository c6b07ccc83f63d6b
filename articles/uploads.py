"""Image upload for CKEditor 5, replacing django-ckeditor-5's view at the same address.

The library's view trusts the file extension and lets Pillow's errors for a
decompression bomb escape as a server error. This one allows desk staff only,
checks the image with ``validate_image`` (format, bytes, pixels) and stores it
under a fresh name with the extension of its real format, so nothing the
uploader named survives and nothing is written when the image is refused. Location
and device metadata is removed first (``image_metadata``).
"""

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ckeditor_5.storage_utils import get_django_storage

from .image_metadata import strip_private_metadata
from .validators import validate_image


def may_upload(user) -> bool:
    """Desk staff who write stories; readers, anonymous visitors and moderators may not."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


def _error(message: str, status: int) -> JsonResponse:
    # The shape CKEditor 5's upload adapter shows to the editor.
    return JsonResponse({"error": {"message": message}}, status=status)


@require_POST
def upload_image(request: HttpRequest) -> JsonResponse:
    if not may_upload(request.user):
        return _error(_("You do not have permission to upload files."), 403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _error(_("Choose an image to upload."), 400)
    try:
        extension = validate_image(upload)
    except ValidationError as error:
        return _error(" ".join(error.messages), 400)
    upload = strip_private_metadata(upload)
    storage = get_django_storage()
    name = f"body/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
    stored = storage.save(name, upload)
    return JsonResponse({"url": storage.url(stored)})
