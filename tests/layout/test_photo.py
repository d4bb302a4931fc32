"""Photos as the catalog's author gives them (photo.py): transparent, turned by a phone, 16-bit
or one pixel thin; each drawn as it is meant to be seen."""

from __future__ import annotations

import copy
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageStat

from sheets.build import build

from support import inside, page_images, run_sheets, write_catalog

GREEN = (0, 160, 0)
DARK_GREY = (60, 60, 60)
WHITE = (255, 255, 255)
RED = (220, 0, 0)
BLUE = (0, 0, 220)
SHEET = "sheets/{reference}-{slug}.pdf"
BROCHURE = "medailles-commemoratives.pdf"


# -- transparency --------------------------------------------------------------------------


def disc_on_transparency(mode: str, size: int, ink, clear) -> Image.Image:
    """A disc of `ink` on a `clear` (transparent) square, the disc from 1/8 to 7/8 of the side."""
    image = Image.new(mode, (size, size), clear)
    ImageDraw.Draw(image).ellipse((size // 8, size // 8, size * 7 // 8, size * 7 // 8), fill=ink)
    return image


def write_png_16_bit_rgba(path: Path, size: int, ink: tuple[int, int, int]) -> None:
    """A 16-bit-per-channel RGBA PNG (Pillow writes none): `ink` disc, transparent around it."""
    centre, radius = size / 2, size * 3 / 8
    opaque = struct.pack(">4H", *(value * 257 for value in ink), 65535)
    clear = struct.pack(">4H", 0, 0, 0, 0)
    rows = b"".join(
        b"\x00"
        + b"".join(
            opaque if (x - centre) ** 2 + (y - centre) ** 2 <= radius**2 else clear
            for x in range(size)
        )
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 16, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TRANSPARENCIES = ["rgba", "la", "palette", "key", "rgba16"]


def write_transparent_pngs(folder: Path, size: int = 800) -> dict[str, tuple[int, int, int]]:
    """One PNG per kind of transparency, named by it → the colour its disc must show."""
    folder.mkdir(parents=True, exist_ok=True)
    disc_on_transparency("RGBA", size, (*GREEN, 255), (0, 0, 0, 0)).save(folder / "rgba.png")
    disc_on_transparency("LA", size, (DARK_GREY[0], 255), (0, 0)).save(folder / "la.png")
    palette = disc_on_transparency("P", size, 1, 0)
    palette.putpalette([0, 0, 0, *GREEN])
    palette.save(folder / "palette.png", transparency=0)  # a transparent palette entry
    keyed = disc_on_transparency("RGB", size, GREEN, (0, 0, 0))
    keyed.save(folder / "key.png", transparency=(0, 0, 0))  # black is transparent (tRNS)
    write_png_16_bit_rgba(folder / "rgba16.png", size, GREEN)
    return {"rgba": GREEN, "la": DARK_GREY, "palette": GREEN, "key": GREEN, "rgba16": GREEN}


def near(colour, expected, tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


def colours_of(page: pdfium.PdfPage, image: pdfium.PdfImage) -> tuple[tuple, tuple]:
    """The rendered page's colour at the placed image's centre and near its top-left corner
    (outside the disc, where the image is transparent)."""
    rendered = page.render(scale=1).to_pil().convert("RGB")
    x0, _, _, y1 = page.get_mediabox()
    left, bottom, right, top = image.get_bounds()
    centre = ((left + right) / 2 - x0, y1 - (bottom + top) / 2)
    corner = (left + (right - left) * 0.06 - x0, y1 - (top - (top - bottom) * 0.06))
    return tuple(rendered.getpixel((round(x), round(y))) for x, y in (centre, corner))


@pytest.fixture(scope="module")
def transparent_shop(tmp_path_factory):
    """The base catalog with a product per transparent PNG, sheets and brochure built."""
    folder = tmp_path_factory.mktemp("shop")
    colours = write_transparent_pngs(folder / "images")

    def one_product_per_png(data):
        template = data["products"][1]
        for name in colours:
            data["products"].append(
                copy.deepcopy(template)  # shared values would be written as YAML aliases
                | {"reference": name, "title": f"Médaille {name}", "images": [f"images/{name}.png"]}
            )

    catalog = write_catalog(folder, one_product_per_png)
    build(catalog, folder / "out")
    return folder / "out", colours


@pytest.mark.parametrize("name", TRANSPARENCIES)
def test_transparent_png_is_drawn_on_white_on_the_emailed_sheet(transparent_shop, name):
    out, colours = transparent_shop
    page = pdfium.PdfDocument(str(out / SHEET.format(reference=name, slug=f"medaille-{name}")))[0]
    (image,) = page_images(page)
    centre, corner = colours_of(page, image)
    assert near(centre, colours[name]), f"the disc is {centre}"
    assert near(corner, WHITE, 8), f"around the disc: {corner}, not the white page"


@pytest.mark.parametrize("name", TRANSPARENCIES)
def test_transparent_png_is_drawn_on_white_in_the_print_brochure(transparent_shop, name):
    out, colours = transparent_shop
    document = pdfium.PdfDocument(str(out / BROCHURE))
    title = f"Médaille {name}"
    (page,) = [
        page
        for page in document
        if page.get_textpage().search(title, match_whole_word=True).get_next() and page_images(page)
    ]
    (image,) = page_images(page)
    assert image.get_px_size() == (800, 800), "print keeps every pixel"
    centre, corner = colours_of(page, image)
    assert near(centre, colours[name]), f"the disc is {centre}"
    assert near(corner, WHITE, 8), f"around the disc: {corner}, not the white page"


# -- odd sizes, orientations and depths ----------------------------------------------------


@pytest.mark.parametrize(
    "images",
    [["images/thin.png"], ["images/7505634.jpg", "images/thin.png"]],
    ids=["main-photo", "thumbnail"],
)
def test_a_one_pixel_wide_image_is_drawn(tmp_path, images):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (1, 400), (20, 20, 20)).save(tmp_path / "images" / "thin.png")

    def thin(data):
        data["products"][0]["images"] = images

    catalog = write_catalog(tmp_path, thin)
    build(catalog, tmp_path / "out")
    for pdf in (
        tmp_path / "out" / SHEET.format(reference="7505634", slug="la-liberation-de-paris"),
        tmp_path / "out" / BROCHURE,
    ):
        thin_ones = [
            (page.get_trimbox(), image.get_bounds())
            for page in pdfium.PdfDocument(str(pdf))
            for image in page_images(page)
            if image.get_px_size() == (1, 400)
        ]
        assert thin_ones, f"the thin image is not in {pdf.name}"
        assert all(inside(bounds, trim) for trim, bounds in thin_ones)


def write_phone_portrait(path: Path) -> None:
    """600×300 as stored, with EXIF orientation 6 (turn 90° clockwise to view): upright, it is
    300 wide and 600 tall, and the stored left half (red) is at the top."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (600, 300), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, 299, 299), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(path, exif=exif, quality=90)


def placed_portraits(pdf: Path) -> list[tuple[tuple[float, ...], Image.Image]]:
    """(bounds, pixels) of every placed image that is the red and blue phone photo."""
    found = []
    for page in pdfium.PdfDocument(str(pdf)):
        for image in page_images(page):
            pixels = image.get_bitmap().to_pil().convert("RGB")
            width, height = pixels.size
            quarters = [(width * i // 4, height * j // 4) for i in (1, 3) for j in (1, 3)]
            if any(near(pixels.getpixel(point), RED, 40) for point in quarters):
                found.append((image.get_bounds(), pixels))
    return found


@pytest.mark.parametrize("main_photo", [True, False], ids=["main-photo", "thumbnail"])
def test_a_phone_photo_is_drawn_upright_as_its_exif_orientation_says(tmp_path, main_photo):
    write_phone_portrait(tmp_path / "images" / "portrait.jpg")

    def portrait(data):
        data["products"][0]["images"] = (
            ["images/portrait.jpg"] if main_photo else ["images/0750.jpg", "images/portrait.jpg"]
        )

    catalog = write_catalog(tmp_path, portrait)
    build(catalog, tmp_path / "out")
    sheet = tmp_path / "out" / SHEET.format(reference="7505634", slug="la-liberation-de-paris")
    for pdf in (sheet, tmp_path / "out" / BROCHURE):
        portraits = placed_portraits(pdf)
        assert portraits, f"the photo is not in {pdf.name}"
        for (left, bottom, right, top), pixels in portraits:
            assert top - bottom > (right - left) * 1.9, f"{pdf.name}: placed on its side"
            assert pixels.height > pixels.width
            top_colour = pixels.getpixel((pixels.width // 2, pixels.height // 4))
            bottom_colour = pixels.getpixel((pixels.width // 2, pixels.height * 3 // 4))
            assert near(top_colour, RED, 40), f"{pdf.name}: turned the wrong way"
            assert near(bottom_colour, BLUE, 40), f"{pdf.name}: turned the wrong way"


def test_a_16_bit_png_is_drawn_not_left_blank(tmp_path):
    def with_16_bit(data):
        data["products"][0]["images"] = ["images/7505634.jpg", "images/grey16.png"]

    (tmp_path / "images").mkdir()
    Image.new("I;16", (500, 500), 3000).save(tmp_path / "images" / "grey16.png")  # a dark grey
    catalog = write_catalog(tmp_path, with_16_bit)
    assert run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634").exit_code == 0
    page = pdfium.PdfDocument(
        str(tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf")
    )[0]
    images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 2
    thumbnail = min(images, key=lambda image: image.get_px_size()[0])  # the second photo
    pixels = thumbnail.get_bitmap().to_pil().convert("L")
    assert ImageStat.Stat(pixels).mean[0] < 40, "dark grey, not blank white or black-on-nothing"


def test_a_turned_16_bit_png_is_drawn_upright_and_grey(tmp_path):
    """Scaled to 8 bits (ReportLab draws 16 bits blank) and turned upright, in both profiles."""
    (tmp_path / "images").mkdir()
    exif = Image.Exif()
    exif[0x0112] = 6
    grey = Image.new("I;16", (600, 300), 3000)  # a dark grey, lying on its side
    grey.save(tmp_path / "images" / "grey16.png", exif=exif)

    def sixteen_bit(data):
        data["products"][0]["images"] = ["images/0750.jpg", "images/grey16.png"]

    catalog = write_catalog(tmp_path, sixteen_bit)
    build(catalog, tmp_path / "out")
    sheet = tmp_path / "out" / SHEET.format(reference="7505634", slug="la-liberation-de-paris")
    for pdf in (sheet, tmp_path / "out" / BROCHURE):
        page = next(page for page in pdfium.PdfDocument(str(pdf)) if len(page_images(page)) == 2)
        thumbnail = min(page_images(page), key=lambda image: image.get_bounds()[1])  # lowest
        left, bottom, right, top = thumbnail.get_bounds()
        assert top - bottom > (right - left) * 1.9, f"{pdf.name}: placed on its side"
        pixels = thumbnail.get_bitmap().to_pil().convert("L")
        assert ImageStat.Stat(pixels).mean[0] < 40, f"{pdf.name}: not dark grey"


# -- photos too small for their place -------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (400, "is 400×400 px: at 300 ppi it prints 34 mm wide where the layout has room for 73 mm"),
        (1, "is 1×1 px: at 300 ppi it prints 0 mm wide where the layout has room for 73 mm"),
    ],
    ids=["400-px", "1-px"],
)
def test_a_photo_too_small_for_its_place_is_a_warning(tmp_path, size, message):
    catalog = write_catalog(tmp_path)
    Image.new("RGB", (size, size), GREEN).save(tmp_path / "images" / "0750.jpg")
    result = run_sheets("check", catalog)
    assert result.exit_code == 0
    assert f"warning: product 0750: image 'images/0750.jpg' {message}" in result.output
    assert "hint: give a photo at least 864 px wide" in result.output
    assert result.output.count("warning:") == 1, result.output  # the others are large enough
