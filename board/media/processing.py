"""Turning uploaded bytes into a clean picture: decoded, turned upright, sized down, re-encoded, no metadata.

Nothing here imports Flask; every limit is an argument. The uploaded bytes are never kept: what is
stored is a new image built from the decoded pixels alone, so no EXIF (GPS above all), XMP, ICC
profile, comment or trailing data of the upload can survive.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF from phones, when pillow-heif is installed
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover (the requirements install it)
    HEIF = False

#: the decoders Pillow may try: anything else (SVG, HTML, GIF, PDF, TIFF...) is not an image here
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP") + (("HEIF",) if HEIF else ())
#: what a person may choose in the file picker (the server decides by the bytes, never by this)
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp" + (",image/heic,image/heif,.heic,.heif" if HEIF else "")
#: the type of every stored picture and thumbnail
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}

_SRGB = ImageCms.createProfile("sRGB")


class ImageRefused(ValueError):
    """The upload cannot be used as a picture; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Processed:
    data: bytes
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int
    format: str = "webp"


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def process(data: bytes, *, max_bytes: int, max_pixels: int, max_side: int, thumb_side: int,
            quality: int = 82) -> Processed:
    """Decode the upload and return the picture and its thumbnail as new WebP files, or raise ImageRefused."""
    if not data:
        raise ImageRefused("The file is empty.")
    if len(data) > max_bytes:
        raise ImageRefused(f"The file is {human_size(len(data))}; the limit is {human_size(max_bytes)}. "
                           "Choose a smaller picture, or take a screenshot of it.")
    image = _open(data, max_pixels)
    try:
        if image.format == "JPEG":
            # Decode at a reduced scale straight away when the photo is far larger than we keep
            # (JPEG scales by halves while decoding; the box asked for keeps the picture's shape).
            scale = max_side / max(image.size)
            if scale < 1:
                image.draft("RGB", (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
        image.load()
        source_format = image.format
        image = ImageOps.exif_transpose(image)
        image = _in_srgb(image)
    except ImageRefused:
        raise
    except Exception as error:  # noqa: BLE001  (a truncated or corrupt file fails in many ways)
        raise ImageRefused("The picture could not be read: the file may be damaged.") from error
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    clean = _pixels_only(image)
    encoded = _encode(clean, lossless=source_format == "PNG", quality=quality)
    if len(encoded) > max_bytes:
        encoded = _encode(clean, lossless=False, quality=quality)
    thumb = clean.copy()
    thumb.thumbnail((thumb_side, thumb_side), Image.Resampling.LANCZOS)
    return Processed(encoded, clean.width, clean.height, _encode(thumb, lossless=False, quality=78),
                     thumb.width, thumb.height)


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Read the header only, and refuse what is not one of our formats or would decode to too many pixels."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(_too_many_pixels(max_pixels)) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise ImageRefused("This file is not a picture we can use: choose a JPEG, PNG, WebP"
                           + (" or HEIC" if HEIF else "") + " image.") from error
    width, height = image.size
    # Checked before a single pixel is decoded: a small file can claim a gigantic canvas.
    if width < 1 or height < 1 or width * height > max_pixels:
        image.close()
        raise ImageRefused(_too_many_pixels(max_pixels))
    return image


def _too_many_pixels(max_pixels: int) -> str:
    return (f"The picture is too large in pixels (the limit is {max_pixels // 1_000_000} megapixels). "
            "Choose a smaller picture.")


def _in_srgb(image: Image.Image) -> Image.Image:
    """Convert to plain RGB or RGBA in sRGB, so the picture looks right once its profile is gone."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    return image.convert(mode) if image.mode != mode else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """Copy the pixels into a new image: no info, EXIF, XMP, profile or comment travels with them."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, *, lossless: bool, quality: int) -> bytes:
    out = io.BytesIO()
    if lossless:
        # Drawings, charts and screenshots stay sharp; "quality" is the effort for lossless WebP.
        image.save(out, "WEBP", lossless=True, quality=60, method=3)
    else:
        image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()


