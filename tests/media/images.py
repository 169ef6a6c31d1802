"""Pictures as a phone, a drawing program or someone trying something would send them."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw


def photo(size=(640, 480), color=(40, 120, 200), fmt="JPEG", **save) -> bytes:
    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).rectangle((10, 10, size[0] // 3, size[1] // 3), fill=(230, 200, 40))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def noisy(size=(1600, 1200), quality=95) -> bytes:
    """A photo full of detail: it compresses badly, so its file is as large as a real one."""
    import os

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def jpeg_with_gps(size=(640, 480), orientation: int | None = None) -> bytes:
    """A phone photo: GPS position, camera, date, a comment, an ICC profile and XMP, maybe turned."""
    image = Image.new("RGB", size, (200, 60, 60))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 2), fill=(20, 20, 20))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0132] = "2026:12:01 08:15:00"  # DateTime
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (40.0, 44.0, 54.36)
    gps[3] = "W"
    gps[4] = (73.0, 59.0, 8.5)
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description photoshop:City="Springfield"/></rdf:RDF></x:xmpmeta>')
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), icc_profile=icc, comment=b"home address 12 Elm St",
               xmp=xmp, quality=90)
    return out.getvalue()


def png_with_text(size=(300, 200), alpha=False) -> bytes:
    from PIL import PngImagePlugin

    image = Image.new("RGBA" if alpha else "RGB", size, (255, 255, 255, 0) if alpha else "white")
    ImageDraw.Draw(image).line((0, 0, size[0], size[1]), fill=(0, 0, 0, 255) if alpha else "black", width=5)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Maya Chen, 12 Elm Street")
    info.add_text("Comment", "<script>alert(1)</script>")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')
HTML = b"<!doctype html><html><body><img src=x onerror=alert(1)><script>alert(1)</script></body></html>"


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a vast canvas: a decompression bomb as it arrives."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    # One compressed run of zeros: a few hundred bytes that would inflate to width*height bytes.
    body = zlib.compress(b"\x00" * 200_000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def heic(size=(320, 240)) -> bytes:
    image = Image.new("RGB", size, (30, 160, 90))
    out = io.BytesIO()
    image.save(out, "HEIF")
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg"):
    """A file as a form field: (stream, filename) for the test client."""
    return (io.BytesIO(data), name)
