"""The join code as a QR code: one SVG path made on the server, so the page needs no script or CDN."""
from __future__ import annotations

from dataclasses import dataclass

import segno


@dataclass(frozen=True)
class QRCode:
    #: modules a side, the quiet zone included (the SVG's viewBox)
    size: int
    #: an SVG path of the dark modules: only digits, spaces and the letters M h v z
    path: str


def qr_code(text: str, border: int = 4) -> QRCode:
    """Return the QR code of a text as a path over a square grid of modules."""
    matrix = segno.make_qr(text, error="m").matrix
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + border} {y + border}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QRCode(size=len(matrix) + 2 * border, path="".join(parts))
