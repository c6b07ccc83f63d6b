"""Lead pictures for machines: feed enclosures, search-engine crops and the publisher's logo.

Readers get the responsive renditions of ``renditions.py``. Search engines ask for the
picture in three shapes (16:9, 4:3 and 1:1) and feed readers for one file with its size;
both are made here from the same source, once, beside its renditions.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from PIL import Image, ImageOps

from newsroom.site import absolute_url

from .renditions import Rendition, _folder, _save_atomically, picture_for

logger = logging.getLogger(__name__)

#: Width by height; the order search engines list them in their guidance.
SHAPES = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200
LOGO = "img/logo.png"
LOGO_SIZE = 512


def _media_path(url: str) -> Path:
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


def feed_picture(field) -> tuple[Rendition, int] | None:
    """The JPEG a feed item encloses, with its size in bytes; ``None`` without a picture."""
    picture = picture_for(field)
    if picture is None:
        return None
    rendition = picture.fallback
    try:
        return rendition, _media_path(rendition.url).stat().st_size
    except OSError:
        return None


def _crop_box(width: int, height: int, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest centred box of ``shape`` inside the picture."""
    wide, high = shape
    if width * high > height * wide:  # too wide: trim the sides
        crop_width = height * wide // high
        left = (width - crop_width) // 2
        return left, 0, left + crop_width, height
    crop_height = width * high // wide
    top = (height - crop_height) // 2
    return 0, top, width, top + crop_height


def shaped_pictures(field) -> list[Rendition]:
    """The lead picture cropped to 16:9, 4:3 and 1:1 (centred), made on first use.

    An unreadable source gives an empty list, as the page then has no picture either.
    """
    if not field or not field.name:
        return []
    folder_name = _folder(field.name)
    folder = Path(settings.MEDIA_ROOT) / "renditions" / folder_name
    base_url = f"{settings.MEDIA_URL}renditions/{folder_name}/"
    names = [f"crop-{w}x{h}.jpg" for w, h in SHAPES]
    if not all((folder / name).exists() for name in names):
        try:
            _make_crops(field, folder, names)
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.warning("Cannot crop %s", field.name, exc_info=True)
            return []
    result = []
    for name in names:
        try:
            with Image.open(folder / name) as image:
                width, height = image.size
        except OSError:
            return []
        result.append(Rendition(width, height, base_url + name))
    return result


def _make_crops(field, folder: Path, names: list[str]) -> None:
    with field.open("rb") as handle, Image.open(handle) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGB") if image.mode != "RGB" else image.copy()
    for shape, name in zip(SHAPES, names, strict=True):
        cropped = image.crop(_crop_box(*image.size, shape))
        if cropped.width > CROP_WIDTH:
            height = round(cropped.height * CROP_WIDTH / cropped.width)
            cropped = cropped.resize((CROP_WIDTH, height), Image.Resampling.LANCZOS)
        _save_atomically(cropped, folder / name, "JPEG")


def publisher_logo(request) -> dict:
    """schema.org ``ImageObject`` of the newsroom's logo (a square PNG in ``static/img``)."""
    return {
        "@type": "ImageObject",
        "url": absolute_url(static(LOGO), request),
        "width": LOGO_SIZE,
        "height": LOGO_SIZE,
    }
