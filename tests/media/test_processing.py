"""Every upload is decoded and re-encoded: no metadata survives, only pictures get through, bombs stop early."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFile

from board.media.processing import ImageRefused, process
from tests.media import images

LIMITS = dict(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000, max_side=2000, thumb_side=480)


def reopen(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def assert_no_metadata(data: bytes) -> None:
    picture = reopen(data)
    assert picture.format == "WEBP"
    assert not picture.getexif(), "no EXIF at all"
    assert "exif" not in picture.info and "xmp" not in picture.info and "icc_profile" not in picture.info
    # What WebP itself needs to describe a still picture, and nothing else.
    assert set(picture.info) <= {"loop", "duration", "background", "timestamp"}, picture.info
    assert b"Exif" not in data and b"XMP " not in data and b"ICCP" not in data


def test_a_phone_photo_with_gps_comes_back_with_no_metadata_at_all():
    original = images.jpeg_with_gps()
    before = reopen(original)
    assert before.getexif().get_ifd(0x8825), "the test photo does carry a GPS position"
    result = process(original, **LIMITS)
    assert_no_metadata(result.data)
    assert_no_metadata(result.thumb)
    for needle in (b"PhoneMaker", b"Springfield", b"Elm St", b"2026:12:01"):
        assert needle not in result.data and needle not in result.thumb


def test_text_chunks_of_a_png_are_gone():
    result = process(images.png_with_text(), **LIMITS)
    assert_no_metadata(result.data)
    assert b"Elm Street" not in result.data and b"script" not in result.data


def test_a_turned_photo_is_stored_upright():
    # Orientation 6: the camera was held on its side; the stored pixels are turned, the tag dropped.
    result = process(images.jpeg_with_gps((400, 200), orientation=6), **LIMITS)
    picture = reopen(result.data)
    assert (picture.width, picture.height) == (200, 400)
    # The dark band drawn at the left of the sensor is now at the top.
    assert picture.getpixel((100, 10))[0] < 80 and picture.getpixel((100, 390))[0] > 150


def test_a_large_picture_is_sized_down_and_gets_a_thumbnail():
    result = process(images.photo((4000, 3000)), **LIMITS)
    assert (result.width, result.height) == (2000, 1500)
    assert reopen(result.data).size == (2000, 1500)
    assert max(result.thumb_width, result.thumb_height) == 480
    assert reopen(result.thumb).size == (result.thumb_width, result.thumb_height)


def test_transparency_is_kept():
    result = process(images.png_with_text(alpha=True), **LIMITS)
    assert reopen(result.data).mode == "RGBA"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_taken(fmt):
    result = process(images.photo((120, 90), fmt=fmt), **LIMITS)
    assert reopen(result.data).size == (120, 90)


def test_heic_from_a_phone_is_taken():
    result = process(images.heic(), **LIMITS)
    assert reopen(result.data).size == (320, 240)
    assert_no_metadata(result.data)


@pytest.mark.parametrize("data", [images.SVG, images.HTML, b"GIF89a" + b"\x00" * 20, b"%PDF-1.4 not a picture",
                                  b"\x89PNG\r\n\x1a\n" + b"garbage"], ids=["svg", "html", "gif", "pdf", "broken-png"])
def test_what_is_not_a_picture_is_refused_whatever_its_name(data):
    with pytest.raises(ImageRefused, match="not a picture we can use|could not be read"):
        process(data, **LIMITS)


def test_a_truncated_photo_is_refused():
    data = images.photo((800, 600))
    with pytest.raises(ImageRefused, match="could not be read"):
        process(data[: len(data) // 2], **LIMITS)


def test_an_empty_file_is_refused():
    with pytest.raises(ImageRefused, match="empty"):
        process(b"", **LIMITS)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named():
    with pytest.raises(ImageRefused, match="the limit is 1 MB"):
        process(b"\xff\xd8" + b"\x00" * (1024 * 1024 + 10), **{**LIMITS, "max_bytes": 1024 * 1024})


@pytest.fixture
def decoded(monkeypatch):
    """Count every decode of pixels (ImageFile.load), to show a refusal came before any."""
    calls = []
    original = ImageFile.ImageFile.load

    def counting(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return calls


@pytest.mark.parametrize("width, height", [(8000, 8000), (60_000, 60_000)], ids=["over-our-limit", "over-pillows"])
def test_a_decompression_bomb_is_refused_before_any_pixel_is_decoded(decoded, width, height):
    bomb = images.png_claiming(width, height)
    assert len(bomb) < 2000
    with pytest.raises(ImageRefused, match="too large in pixels"):
        process(bomb, **LIMITS)
    assert decoded == []


def test_the_counter_does_count_decodes(decoded):
    process(images.photo((100, 100), fmt="PNG"), **LIMITS)
    assert decoded
