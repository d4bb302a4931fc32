"""Reading a PDF for preflight (content.py): fonts embedded through a descendant, and which
colour spaces are RGB."""

from __future__ import annotations

import pikepdf
import pytest

from sheets.preflight.content import font_is_embedded, is_rgb

PDF = pikepdf.new()  # streams belong to a document


def test_a_type0_font_with_its_program_in_the_descendant_counts_as_embedded():
    descriptor = pikepdf.Dictionary(FontFile2=pikepdf.Stream(PDF, b""))
    descendant = pikepdf.Dictionary(FontDescriptor=descriptor)
    font = pikepdf.Dictionary(
        Subtype=pikepdf.Name.Type0, DescendantFonts=pikepdf.Array([descendant])
    )
    assert font_is_embedded(font)
    del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
    assert not font_is_embedded(font)


def icc(components: int) -> pikepdf.Array:
    profile = pikepdf.Stream(PDF, b"")
    profile["/N"] = components
    return pikepdf.Array([pikepdf.Name.ICCBased, profile])


@pytest.mark.parametrize(
    ("space", "rgb"),
    [
        (pikepdf.Name.DeviceRGB, True),
        (pikepdf.Name.DeviceCMYK, False),
        (pikepdf.Name.DeviceGray, False),
        (icc(3), True),
        (icc(4), False),
        (pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB]), True),
        (pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceCMYK]), False),
        (
            pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Gold"), pikepdf.Name.DeviceRGB]),
            False,
        ),
        (pikepdf.Name("/CS0"), True),  # a named resource, an ICC RGB profile
    ],
)
def test_rgb_colour_spaces_are_recognised(space, rgb):
    resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(CS0=icc(3)))
    assert is_rgb(space, resources) is rgb
