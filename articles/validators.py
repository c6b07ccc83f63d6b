"""Checks for uploaded images: the lead image, author photos and images in a story's body.

An image is judged by what Pillow reads in it, never by its file name: the
format must be one a browser shows (JPEG, PNG, GIF, WebP), the file must fit
``settings.NEWSROOM_MAX_IMAGE_BYTES`` and the picture
``settings.NEWSROOM_MAX_IMAGE_PIXELS``. A decompression bomb (a small file that
claims a huge picture) is refused from its header, before anything is decoded; what
passes is then decoded in full, so a damaged or truncated picture is refused too.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

#: Pillow format name -> the file extension a refused-or-kept file is stored with.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def validate_image(upload) -> str:
    """Raise ``ValidationError`` unless ``upload`` is an acceptable image.

    Returns the file extension that matches the image's real format. The file
    position is rewound, so the upload can be saved afterwards.
    """
    max_bytes = settings.NEWSROOM_MAX_IMAGE_BYTES
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(max)s."),
            code="image_too_big",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns, then errors, above its own limit; ours is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                image.verify()
            # verify() reads the structure only: a PNG with a damaged last IDAT chunk (and
            # a fixed CRC) or a JPEG cut short passes it. Decode every pixel once here, so a
            # picture the pages cannot show is refused instead of retried on every request.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels(None, None, max_pixels) from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors for a broken or foreign file.
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, GIF or WebP picture."),
            code="image_format",
            params={"format": image_format},
        )
    if _contains_markup(upload):
        raise ValidationError(
            _("This image carries hidden web code and was refused. Export it again and upload it."),
            code="image_polyglot",
        )
    return ALLOWED_FORMATS[image_format]


#: Markup that has no business inside a picture: a file carrying it is a polyglot
#: that a browser or an old proxy could be tricked into running as HTML.
_MARKUP = (b"<script", b"<html", b"<svg", b"<iframe", b"<body", b"<?php", b"javascript:")


def _contains_markup(upload) -> bool:
    upload.seek(0)
    try:
        data = upload.read().lower()
    finally:
        upload.seek(0)
    return any(marker in data for marker in _MARKUP)


def _too_many_pixels(width, height, max_pixels) -> ValidationError:
    if width is None:
        return ValidationError(
            _(
                "The image is far too large in pixels (more than %(max)s million): "
                "it may be a decompression bomb."
            ),
            code="image_too_many_pixels",
            params={"max": _megapixels(max_pixels)},
        )
    return ValidationError(
        _(
            "The image is %(width)s×%(height)s pixels; the most allowed is %(max)s million "
            "pixels. Make it smaller and upload it again."
        ),
        code="image_too_many_pixels",
        params={"width": width, "height": height, "max": _megapixels(max_pixels)},
    )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:g}"
