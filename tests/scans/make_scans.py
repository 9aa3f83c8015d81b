"""Scans of the sample plans, made as the corpus notes say the Beni Mellal scan was made: each page
rendered at 150 dpi in grey, rotated by a random angle within ±0.7°, on greyish uneven paper, with
light Gaussian noise and specks, slightly blurred, JPEG quality 60, assembled into an image-only PDF
at 150 dpi. Seeded, so a rerun writes the same pages.

Run from the repository root:

    .venv/bin/python tests/scans/make_scans.py

Writes ``tests/scans/<plan>.scanned.pdf`` (committed: the tests need no generator run) for the four
plans whose born-digital PDF prints tables.
"""

from __future__ import annotations

import io
import sys
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
OUT = Path(__file__).resolve().parent
PLANS = (
    "ait-melloul_open-plan_2024-2025.pdf",
    "dakhla_pac_2017-2022.pdf",
    "tetouan_action-plan_2023-2026.pdf",
    "tetouan_cocreation-workshops_2022.pdf",
)
DPI = 150
MAX_ROTATION_DEGREES = 0.7


def scanned_page(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One rendered page as a printed-and-scanned page: rotated, toned, noisy, blurred."""
    angle = float(rng.uniform(-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES))
    rotated = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(rotated, dtype=np.float32)
    height, width = pixels.shape
    # greyish paper, darker towards one corner
    tone = 232 + 12 * np.linspace(0, 1, width)[None, :] * np.linspace(1, 0.4, height)[:, None]
    pixels = pixels * (tone / 255.0)
    pixels += rng.normal(0, 4, pixels.shape)
    for _ in range(int(width * height / 40_000)):  # specks
        y, x = int(rng.integers(0, height - 2)), int(rng.integers(0, width - 2))
        pixels[y : y + 2, x : x + 2] = rng.uniform(60, 160)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    return image.filter(ImageFilter.GaussianBlur(0.6))


def scan(source: Path, target: Path) -> int:
    rng = np.random.default_rng(zlib.crc32(source.name.encode()))
    pdf = pdfium.PdfDocument(source)
    pages = []
    for index in range(len(pdf)):
        rendered = pdf[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        buffer = io.BytesIO()
        scanned_page(rendered, rng).save(buffer, "JPEG", quality=60)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    pdf.close()
    # PIL writes each JPEG page as it is (DCTDecode): an image-only PDF, no text layer.
    pages[0].save(target, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return len(pages)


def main() -> None:
    for name in PLANS:
        target = OUT / name.replace(".pdf", ".scanned.pdf")
        count = scan(RAW / name, target)
        size = target.stat().st_size / 1e6
        print(f"{target.relative_to(ROOT)}: {count} pages, {size:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
