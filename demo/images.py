"""Product pictures drawn with Pillow: no downloads, deterministic for a given name."""

from __future__ import annotations

import hashlib
import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

ZONE_COLOURS = {
    "saline": ((222, 236, 244), (92, 148, 178)),
    "brackish": ((231, 238, 222), (108, 140, 88)),
    "fresh": ((246, 238, 214), (178, 140, 60)),
}
FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@cache
def _font(size: int) -> ImageFont.ImageFont:
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current else lines


def draw_product_image(name: str, zone: str, variant: int = 0, size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG: a gradient in the zone's colours, a few shapes seeded by the name, and the name itself."""
    digest = hashlib.sha256(f"{name}|{variant}".encode()).digest()
    light, dark = ZONE_COLOURS.get(zone, ZONE_COLOURS["fresh"])
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        t = y / height
        colour = tuple(int(light[i] * (1 - t) + dark[i] * t * 0.35 + light[i] * t * 0.65) for i in range(3))
        draw.rectangle([0, y, width, y + 4], fill=colour)
    for i in range(5):
        cx, cy = digest[i] * width // 255, digest[i + 5] * height // 255
        radius = 40 + digest[i + 10] // 2
        tint = tuple(min(255, c + digest[i + 15] // 4) for c in dark)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=tint)
    draw.rounded_rectangle([40, height - 170, width - 32, height - 32], radius=24, fill=(255, 255, 255))
    font = _font(36)
    y = height - 155
    for line in _wrap(draw, name, font, width - 120)[:3]:
        draw.text((52, y), line, font=font, fill=(29, 42, 51))
        y += 44
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
