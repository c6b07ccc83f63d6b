"""The demo newsroom: its text in ``newsroom.json``, its lead pictures drawn here.

``newsroom.json`` holds the sections (with two colours each for the pictures), the
authors and the stories. The stories are original and fictional (invented people and
clubs in real places); a story's ``hours_ago`` is when it was published (negative:
scheduled), a story without it is a draft, and ``translation_of`` names the key of the
story it translates. ``load_demo`` reads it.

Extension point: after the stories exist, ``load_demo`` sends ``demo_loaded`` with
``stories``, a dict from each story's key to its ``Article``. Another app adds its own
demo rows by connecting a receiver in its ``AppConfig.ready()`` (the comments app adds
reader comments, see ``comments/demo``); a receiver must be idempotent like the command.
"""

import io
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.dispatch import Signal
from PIL import Image, ImageDraw, ImageOps

DATA_FILE = Path(__file__).with_name("newsroom.json")

demo_loaded = Signal()


def load_data() -> dict:
    """Sections, authors and stories, as written in ``newsroom.json``."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def story_body(story: dict) -> str:
    return "".join(f"<p>{text}</p>" for text in story["paragraphs"])


def lead_image(key: str, colours: list[str], index: int) -> ContentFile:
    """A 1200×675 JPEG: a diagonal gradient in the section's colours with a few shapes."""
    width, height = 1200, 675
    gradient = Image.linear_gradient("L").rotate(45, expand=True).resize((width, height))
    image = ImageOps.colorize(gradient, colours[0], colours[1]).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for n in range(4):
        radius = 60 + 35 * ((index + n) % 4)
        x = (180 + 270 * n + 53 * index) % width
        y = (140 + 150 * ((index + n) % 3)) % height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 46))
    draw.rectangle((0, height - 90, width, height), fill=(0, 0, 0, 70))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{key}.jpg")
