"""Responsive renditions of lead images: several widths, WebP with a JPEG fallback.

Renditions are made once with Pillow and kept on disk under ``MEDIA_ROOT/renditions/``; a
later request only checks that the files exist. The folder name is a hash of the source's
name, so replacing an image (a new upload gets a new name) makes new renditions.

A source that cannot be decoded (stored before uploads were decoded in full, or damaged
on disk) is tried once: the failure is written beside the renditions (``failed.txt``), and
later requests show the page without the image instead of decoding it again.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))
QUALITY = 80


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    url: str


@dataclass(frozen=True)
class Picture:
    """What a ``<picture>`` needs: a srcset per format and the fallback ``<img>``."""

    sources: dict  # mime type -> list[Rendition]
    fallback: Rendition

    def srcset(self, mime: str) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.sources[mime])

    @property
    def largest_jpeg(self) -> Rendition:
        return self.sources["image/jpeg"][-1]


def _folder(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:20]


def _target_widths(original: int) -> list[int]:
    widths = [w for w in WIDTHS if w < original]
    widths.append(min(original, WIDTHS[-1]))
    return sorted(set(widths))


def _save_atomically(image: Image.Image, path: Path, fmt: str) -> None:
    """Write to a temporary file and rename it, so two requests never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            options = {"quality": QUALITY}
            if fmt == "JPEG":
                options.update(optimize=True, progressive=True)
            image.save(handle, fmt, **options)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _manifest_path(folder: Path) -> Path:
    return folder / "size.txt"


def _failure_path(folder: Path) -> Path:
    return folder / "failed.txt"


def _remember_failure(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("cannot be decoded\n")
    except OSError:
        logger.warning("Cannot record the failed renditions in %s", path, exc_info=True)


def picture_for(field) -> Picture | None:
    """Renditions of an ``ImageField`` value, made on first use; ``None`` if there is none.

    An unreadable source gives ``None`` (the page shows no image rather than failing).
    """
    if not field or not field.name:
        return None
    folder_name = _folder(field.name)
    folder = Path(settings.MEDIA_ROOT) / "renditions" / folder_name
    base_url = f"{settings.MEDIA_URL}renditions/{folder_name}/"
    manifest = _manifest_path(folder)
    try:
        width, height = (int(n) for n in manifest.read_text().split())
    except (OSError, ValueError):
        failed = _failure_path(folder)
        if failed.exists():
            return None
        try:
            width, height = _render_all(field, folder)
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.warning("Cannot make renditions of %s", field.name, exc_info=True)
            _remember_failure(failed)
            return None
    widths = _target_widths(width)
    sources = {}
    for ext, _fmt, mime in FORMATS:
        sources[mime] = [
            Rendition(w, round(height * w / width), f"{base_url}{w}.{ext}") for w in widths
        ]
    fallback = next((r for r in sources["image/jpeg"] if r.width >= 800), sources["image/jpeg"][-1])
    return Picture(sources=sources, fallback=fallback)


def _render_all(field, folder: Path) -> tuple[int, int]:
    with field.open("rb") as handle, Image.open(handle) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGB") if image.mode != "RGB" else image.copy()
    width, height = image.size
    for w in _target_widths(width):
        resized = (
            image
            if w == width
            else image.resize((w, round(height * w / width)), Image.Resampling.LANCZOS)
        )
        for ext, fmt, _mime in FORMATS:
            _save_atomically(resized, folder / f"{w}.{ext}", fmt)
    # Written last: its presence means every rendition is on disk.
    manifest = _manifest_path(folder)
    manifest.write_text(f"{width} {height}")
    return width, height
