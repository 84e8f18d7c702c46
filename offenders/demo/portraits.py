"""Portraits for demo persons: a silhouette with initials, drawn with Pillow."""
from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

_COLOURS = [(52, 73, 94), (22, 160, 133), (41, 128, 185), (142, 68, 173), (192, 57, 43), (211, 84, 0),
            (39, 174, 96), (127, 140, 141), (44, 62, 80), (230, 126, 34)]


@functools.lru_cache(maxsize=4)
def _font(size: int):
    for path in ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def silhouette(name: str, n: int) -> bytes:
    """A PNG portrait placeholder: a coloured background, a head-and-shoulders silhouette, the initials."""
    width, height = 120, 150
    colour = _COLOURS[n % len(_COLOURS)]
    image = Image.new("RGB", (width, height), tuple(min(255, c + 150) for c in colour))
    draw = ImageDraw.Draw(image)
    draw.ellipse((37, 22, 83, 76), fill=colour)  # head
    draw.rounded_rectangle((16, 80, 104, 175), radius=36, fill=colour)  # shoulders
    initials = "".join(word[0] for word in name.replace(".", " ").split() if word[:1].isalpha())[:3].upper()
    draw.text((width / 2, 122), initials, fill=(255, 255, 255), font=_font(22), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()

