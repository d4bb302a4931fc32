"""Reading a PDF for preflight (content.py): fonts embedded through a descendant, and which
colour spaces are RGB."""

from __future__ import annotations

import pytest
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from sheets.preflight.content import font_is_embedded, is_rgb


def test_a_type0_font_with_its_program_in_the_descendant_counts_as_embedded():
    descriptor = DictionaryObject({NameObject("/FontFile2"): StreamObject()})
    descendant = DictionaryObject({NameObject("/FontDescriptor"): descriptor})
    font = DictionaryObject(
        {
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/DescendantFonts"): ArrayObject([descendant]),
        }
    )
    assert font_is_embedded(font)
    del descriptor["/FontFile2"]
    assert not font_is_embedded(font)


def icc(components: int) -> ArrayObject:
    profile = StreamObject()
    profile[NameObject("/N")] = NumberObject(components)
    return ArrayObject([NameObject("/ICCBased"), profile])


@pytest.mark.parametrize(
    ("space", "rgb"),
    [
        (NameObject("/DeviceRGB"), True),
        (NameObject("/DeviceCMYK"), False),
        (NameObject("/DeviceGray"), False),
        (icc(3), True),
        (icc(4), False),
        (ArrayObject([NameObject("/Indexed"), NameObject("/DeviceRGB")]), True),
        (ArrayObject([NameObject("/Indexed"), NameObject("/DeviceCMYK")]), False),
        (
            ArrayObject([NameObject("/Separation"), NameObject("/Gold"), NameObject("/DeviceRGB")]),
            False,
        ),
        (NameObject("/CS0"), True),  # a named resource, an ICC RGB profile
    ],
)
def test_rgb_colour_spaces_are_recognised(space, rgb):
    resources = DictionaryObject(
        {NameObject("/ColorSpace"): DictionaryObject({NameObject("/CS0"): icc(3)})}
    )
    assert is_rgb(space, resources) is rgb
