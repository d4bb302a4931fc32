"""The brochure's covers as a shop brands them: its logo (PNG or SVG) on the cover and the back
cover, a tagline, a chosen cover photo, a photo on a section's opening page; and the logos a
press cannot take, refused with a clear message."""

from __future__ import annotations

import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from support import (
    assert_refused_without_traceback,
    brochure,
    fonts,
    run_sheets,
    write_catalog,
    write_image,
)

SHAPES = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64">'
    '<circle cx="32" cy="32" r="30" fill="#7b2d26"/>'
    '<rect x="76" y="14" width="150" height="8" fill="#23201c"/></svg>'
)


def branded(folder, **head):
    def change(data):
        data["catalog"].update(head)
        data["categories"][0]["image"] = "images/section.jpg"

    write_image(folder / "images" / "section.jpg", size=1200, color=(20, 40, 200))
    write_image(folder / "images" / "cover.jpg", size=1200, color=(200, 30, 30))
    return write_catalog(folder, change)


def page_images(pdf, index: int) -> list[tuple[int, int]]:
    """The pixel sizes of the images a page draws (its forms' too)."""
    with pikepdf.open(pdf) as document:
        page = document.pages[index]
        found = []

        def walk(resources):
            for _, obj in (resources.get("/XObject") or {}).items():
                if obj.get("/Subtype") == "/Image":
                    found.append((int(obj.Width), int(obj.Height)))
                elif obj.get("/Subtype") == "/Form" and "/Resources" in obj:
                    walk(obj.Resources)

        walk(page.obj.Resources)
        return found


def test_a_png_logo_tagline_chosen_cover_photo_and_section_photo(tmp_path):
    write_image(tmp_path / "images" / "logo.png", size=300, color=(0, 0, 0))
    catalog = branded(
        tmp_path, logo="images/logo.png", tagline="Frappées à Paris", cover_image="images/cover.jpg"
    )
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = brochure(tmp_path / "out")
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    assert "FRAPPÉES À PARIS" in texts[0]
    assert sorted(page_images(pdf, 0)) == [(300, 300), (1200, 1200)]  # the logo, the cover photo
    assert (300, 300) in page_images(pdf, len(texts) - 1), "the logo on the back cover"
    opener = next(i for i, text in enumerate(texts) if "Les grandes dates." in text)
    assert (1200, 1200) in page_images(pdf, opener), "the section's photo"
    with pikepdf.open(pdf) as document:  # the chosen cover photo: red, not a product's photo
        image = next(
            obj
            for _, obj in document.pages[0].obj.Resources.XObject.items()
            if obj.get("/Subtype") == "/Image" and int(obj.Width) == 1200
        )
        red, green, blue = (
            pikepdf.PdfImage(image).as_pil_image().convert("RGB").getpixel((600, 600))
        )
        assert red > 150 and green < 90 and blue < 90


def test_an_svg_logo_is_drawn_as_shapes_in_cmyk_with_every_font_embedded(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.svg").write_text(SHAPES, encoding="utf-8")
    catalog = branded(tmp_path, logo="images/logo.svg")
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output, "the press's check: no unembedded font, no RGB colour"
    pdf = brochure(tmp_path / "out")
    assert all(fonts(pdf).values())
    with pikepdf.open(pdf) as document:
        contents = document.pages[0].obj.Contents
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        drawing = b"".join(stream.read_bytes() for stream in streams)
    # The circle's red as CMYK (k in the fill's operator), no image on the cover but the photo.
    assert b" k" in drawing and b"rg" not in drawing.replace(b"/rg", b"")
    assert len(page_images(pdf, 0)) == 1


@pytest.mark.parametrize(
    ("svg", "said"),
    [
        (SHAPES.replace("</svg>", "<text x='80' y='60'>Shop</text></svg>"), "holds text"),
        (
            SHAPES.replace("</svg>", "<image href='logo.png' width='9' height='9'/></svg>"),
            "holds pictures",
        ),
        (
            SHAPES.replace("</svg>", "<image href='/nowhere.png' width='9' height='9'/></svg>"),
            "holds pictures",
        ),
        ("this is no drawing", "is not an SVG drawing"),
        (SHAPES.replace("</svg>", "<use href='part.svg#s'/></svg>"), "refers to other files"),
        (
            SHAPES.replace(
                "</svg>",
                "<g id='big'>"
                + "<path d='M0 0h1v1z'/>" * 300
                + "</g>"
                + "<use href='#big'/>" * 300
                + "</svg>",
            ),
            "draws more than 5000 shapes once its repeats",
        ),
        (
            SHAPES.replace("</svg>", "<use id='a' href='#b'/><use id='b' href='#a'/></svg>"),
            "draws more than 5000 shapes once its repeats",
        ),
        ('<!DOCTYPE svg [<!ENTITY t "x">]>' + SHAPES, "declares its own entities"),
        (
            SHAPES.replace(
                "</svg>", "<symbol id='s' viewBox='0 0 10 10'><circle r='5'/></symbol></svg>"
            ),
            "draws symbols scaled by their own viewBox",
        ),
        (SHAPES.replace('width="240"', 'width="-240"'), "of a size a page can hold"),
    ],
)
def test_a_logo_the_press_cannot_take_is_refused_with_a_hint(tmp_path, svg, said):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.svg").write_text(svg, encoding="utf-8")
    write_image(tmp_path / "images" / "logo.png", size=90)
    catalog = branded(tmp_path, logo="images/logo.svg")
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    assert re.search(r"catalog\.yaml:\d+:\d+: error: logo 'images/logo\.svg' ", result.output)
    assert "hint:" in result.output
    assert said in result.output
    assert not (tmp_path / "out").exists()


def test_a_cover_image_that_is_no_photo_is_named_at_its_line(tmp_path):
    catalog = branded(tmp_path, cover_image="images/cover.jpg")
    (tmp_path / "images" / "cover.jpg").write_text("not a photo", encoding="utf-8")
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    assert re.search(
        r"catalog\.yaml:\d+:\d+: error: cover_image 'images/cover\.jpg' ", result.output
    )


def test_a_missing_logo_is_named_at_its_line(tmp_path):
    catalog = branded(tmp_path, logo="images/nowhere.svg")
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    assert "logo 'images/nowhere.svg' not found" in result.output


def test_an_svg_logo_draws_nothing_outside_its_box(tmp_path):
    (tmp_path / "images").mkdir()
    runaway = SHAPES.replace(
        "</svg>",
        "<rect x='150' width='2000' height='60' fill='#00aa00'/>"
        "<rect width='20' height='20' fill='none' stroke='#00aa00' stroke-width='2000'/></svg>",
    )
    (tmp_path / "images" / "logo.svg").write_text(runaway, encoding="utf-8")
    catalog = branded(tmp_path, logo="images/logo.svg")
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--profile", "screen")
    assert result.exit_code == 0, result.output
    cover = pdfium.PdfDocument(str(brochure(tmp_path / "out")))[0].render(scale=0.5).to_pil()
    green = [
        (x, y)
        for x in range(0, cover.width, 3)
        for y in range(0, cover.height, 3)
        if cover.getpixel((x, y))[:3] == (0, 170, 0)
    ]
    assert green, "the logo's green is drawn inside its box"
    box_right = max(x for x, _ in green)
    assert box_right < cover.width * 0.6, "and nowhere past it"
