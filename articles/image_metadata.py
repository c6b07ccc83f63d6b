"""Removing what a photo says about where and with what it was taken.

A phone writes the GPS position, the camera's make, model and serial number, the
owner's name and the editing software into a picture's EXIF block (and often again
in XMP). For a newsroom that can reveal a source, so an uploaded picture, in a
story's body or as a lead image, keeps only what changes how it looks: the EXIF
orientation and the ICC colour profile. Everything else in EXIF and XMP is dropped.

A picture with nothing to drop is stored byte for byte as uploaded. One that has
metadata is written again: JPEG with its own quantisation tables (``quality="keep"``,
so no visible loss), PNG losslessly, WebP at high quality. GIF carries no EXIF.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

#: The only EXIF tag kept: without it a portrait photo would show on its side.
ORIENTATION = 0x0112
_XMP_KEYS = ("xmp", "XML:com.adobe.xmp")
_FORMATS = {"JPEG", "PNG", "WEBP"}


def _private_metadata(image: Image.Image) -> bool:
    exif = image.getexif()
    return any(tag != ORIENTATION for tag in exif) or any(k in image.info for k in _XMP_KEYS)


def strip_private_metadata(upload):
    """Return ``upload``, or a copy without location and device metadata if it had some.

    ``upload`` must already have passed ``validate_image``; its position is rewound.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        if image.format not in _FORMATS or not _private_metadata(image):
            upload.seek(0)
            return upload
        kept = Image.Exif()
        orientation = image.getexif().get(ORIENTATION)
        if orientation:
            kept[ORIENTATION] = orientation
        options = {"exif": kept.tobytes()}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if image.format == "JPEG":
            options.update(quality="keep", optimize=True)
        elif image.format == "WEBP":
            options.update(quality=90, save_all=getattr(image, "n_frames", 1) > 1)
        elif "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        buffer = io.BytesIO()
        image.save(buffer, image.format, **options)
    upload.seek(0)
    return SimpleUploadedFile(upload.name, buffer.getvalue(), getattr(upload, "content_type", None))
