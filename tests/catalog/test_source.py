"""Reading the catalog file (source.py): a byte order mark ignored, and hostile input (YAML
anchors, merge keys, tags, outsize files, deep nesting) refused at once, by load_catalog and by
`sheets check`, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

import sheets.catalog.source
from sheets.catalog.load import load_catalog

from support import BASE_YAML, assert_refused_without_traceback, edited, load_clean, run_sheets

# -- a byte order mark ---------------------------------------------------------------------


def test_byte_order_mark_at_the_start_is_ignored(write_yaml):
    catalog = load_clean(write_yaml, "\ufeff" + BASE_YAML)
    assert catalog.title == "Médailles commémoratives"


def test_byte_order_mark_does_not_shift_columns(write_yaml):
    path = write_yaml("\ufeff" + edited("  publisher:", "  publsher:"))
    _, problems = load_catalog(path)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, 3, "missing required key 'publisher' in 'catalog'"),
        (3, 3, "unknown key 'publsher' in 'catalog'"),
    ]


# -- hostile input -------------------------------------------------------------------------


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_at_its_first_anchor_at_once(write_yaml):
    path = write_yaml(BILLION_LAUGHS)
    started = time.perf_counter()
    catalog, problems = load_catalog(path)
    assert time.perf_counter() - started < 1.0
    assert catalog is None
    assert [str(p) for p in problems] == [
        f"{path}:1:4: error: YAML anchor '&a' is not allowed in a catalog\n"
        "    hint: write each value out in full; anchors and aliases are not supported"
    ]


def test_alias_to_a_value_of_the_catalog_is_refused(write_yaml):
    text = edited("title: Histoire de France", "title: &h Histoire de France")
    text = edited("title: La Libération de Paris", "title: *h", text)
    path = write_yaml(text)
    _, problems = load_catalog(path)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (11, 12, "YAML anchor '&h' is not allowed in a catalog")
    ]


def test_merge_key_is_refused(write_yaml):
    path = write_yaml(edited("    page_size: A4", "    <<: {page_size: A4}"))
    _, problems = load_catalog(path)
    assert [str(p) for p in problems] == [
        f"{path}:8:5: error: YAML merge key '<<' is not allowed in a catalog\n"
        "    hint: write each key out in full"
    ]


def test_python_tag_is_refused_and_nothing_runs(write_yaml, tmp_path):
    witness = tmp_path / "executed"
    path = write_yaml(
        edited(
            "title: La Libération de Paris",
            f'title: !!python/object/apply:os.system ["touch {witness}"]',
        )
    )
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert [str(p) for p in problems] == [
        f"{path}:14:12: error: YAML tag '!!python/object/apply:os.system' is not allowed "
        "in a catalog\n"
        "    hint: remove the tag; write the value as plain text"
    ]
    assert not witness.exists()


def test_custom_tag_is_refused(write_yaml):
    path = write_yaml(edited("price: 17,80", "price: !prix 17,80"))
    _, problems = load_catalog(path)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (16, 12, "YAML tag '!prix' is not allowed in a catalog")
    ]


def test_deeply_nested_lists_give_an_error_not_a_recursion_error(write_yaml):
    nested = "[" * 100 + "]" * 100
    path = write_yaml(edited("title: La Libération de Paris", f"title: {nested}"))
    catalog, problems = load_catalog(path)
    assert catalog is None
    # The file, the product list, the product and the title's first 29 lists make 32 levels.
    assert [str(p) for p in problems] == [
        f"{path}:14:41: error: values are nested more than 32 levels deep\n"
        "    hint: a catalog needs only a few levels: check the indentation"
    ]
    # A thousand levels reach the parser's own limit first: the same message.
    path = write_yaml(edited("title: La Libération de Paris", "title: " + "[" * 1000))
    _, problems = load_catalog(path)
    assert [p.message for p in problems] == ["values are nested more than 32 levels deep"]


def test_thousand_nested_block_lists_give_an_error_not_a_recursion_error(write_yaml):
    nested = "".join(" " * (2 * depth) + "-\n" for depth in range(1000))
    path = write_yaml(BASE_YAML + "notes:\n" + nested)
    _, problems = load_catalog(path)
    assert [p.message for p in problems] == ["values are nested more than 32 levels deep"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "1:4: error: YAML anchor '&a' is not allowed in a catalog"),
        (
            edited("    page_size: A4", "    <<: {page_size: A4}"),
            "8:5: error: YAML merge key '<<' is not allowed in a catalog",
        ),
        (
            edited(
                "title: La Libération de Paris",
                'title: !!python/object/apply:os.system ["touch WITNESS"]',
            ),
            "14:12: error: YAML tag '!!python/object/apply:os.system' is not allowed in a catalog",
        ),
        (
            edited("title: La Libération de Paris", "title: " + "[" * 100 + "]" * 100),
            "14:41: error: values are nested more than 32 levels deep",
        ),
    ],
    ids=["alias-bomb", "merge-key", "python-tag", "deep-nesting"],
)
def test_check_refuses_hostile_input_without_traceback(write_yaml, tmp_path, content, message):
    witness = tmp_path / "executed"
    path = write_yaml(content.replace("WITNESS", str(witness)))
    result = run_sheets("check", path)
    assert_refused_without_traceback(result)
    assert result.stderr.startswith(f"{path}:{message}\n")
    assert not witness.exists()


# -- characters that cannot be printed: errors at their place, the reading goes on -----------

CONTROL_HINT = (
    "    hint: remove the escape that writes it (such as \\a, \\e, \\0 or \\x07); in a path, "
    "separate folders with '/': in double quotes, '\\' starts an escape"
)
RAW_CONTROL_HINT = (
    "    hint: delete it (most editors do not show it: retype the text around this place)"
)
SURROGATE_HINT = (
    "    hint: write the character itself (the file is UTF-8), or escape its whole code point, "
    "such as \\U0001F600 for 😀"
)


def test_every_control_character_is_an_error_at_its_place_and_the_reading_goes_on(write_yaml):
    text = edited("title: La Libération de Paris", "title: La Libération\x0cde Paris")
    text = edited("    price: 17,80", '    subtitle: "Bronze\\aflorentin"\n    price: 17,80', text)
    text = edited("Métal: métaux communs", "Métal: métaux\x1fcommuns", text)
    text = edited("currency: EUR", "currency: EUROS", text)
    path = write_yaml(text)
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert [str(p) for p in problems] == [
        f"{path}:5:13: error: unknown currency 'EUROS'\n"
        "    hint: did you mean 'EUR'? Use an ISO 4217 code such as EUR, USD, GBP",
        f"{path}:14:25: error: the file contains the control character U+000C, which YAML does "
        f"not allow\n{RAW_CONTROL_HINT}",
        f"{path}:16:22: error: the text holds the control character U+0007, which cannot be "
        f"printed\n{CONTROL_HINT}",
        f"{path}:22:20: error: the file contains the control character U+001F, which YAML does "
        f"not allow\n{RAW_CONTROL_HINT}",
    ]


def test_a_value_with_a_control_character_gets_no_second_error(write_yaml):
    """The escape is the error: the path it spoils is not also 'not found', nor the price
    'not a price'."""
    text = edited("file: images/7505634.jpg", 'file: "images/7505634\\a.jpg"')
    text = edited("price: 17,80", 'price: "17\\x0780"', text)
    path = write_yaml(text)
    _, problems = load_catalog(path)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (16, 15, "the text holds the control character U+0007, which cannot be printed"),
        (23, 36, "the text holds the control character U+0007, which cannot be printed"),
    ]


def test_a_file_full_of_control_characters_is_no_catalog(write_yaml):
    path = write_yaml(BASE_YAML + "notes: " + "\x00" * 1000 + "\n")
    _, problems = load_catalog(path)
    assert len(problems) == sheets.catalog.source.MAX_UNPRINTABLE + 1
    assert problems[-1].message == (
        f"more than {sheets.catalog.source.MAX_UNPRINTABLE} control characters: this is not a "
        "text file"
    )


@pytest.mark.parametrize(
    ("escape", "column", "message"),
    [
        ("\\ud800", 16, "the escape '\\ud800' writes U+D800, a lone surrogate: half of a "
         "character's UTF-16 code, no character"),
        ("\\U0000DFFF", 16, "the escape '\\U0000DFFF' writes U+DFFF, a lone surrogate: half of "
         "a character's UTF-16 code, no character"),
        ("\\U00110000", 16, "the escape '\\U00110000' writes U+110000, beyond the last "
         "character of Unicode (U+10FFFF)"),
    ],
    ids=["surrogate", "long-escape-of-a-surrogate", "beyond-unicode"],
)  # fmt: skip
def test_an_escape_that_writes_no_character_is_an_error_at_the_escape(
    write_yaml, escape, column, message
):
    path = write_yaml(edited("title: La Libération de Paris", f'title: "La {escape} Libération"'))
    result = run_sheets("check", path)
    assert_refused_without_traceback(result)
    assert f"{path}:14:{column}: error: {message}\n{SURROGATE_HINT}\n" in result.stderr


def test_a_lone_surrogate_is_an_error_with_yamls_own_parser_too(write_yaml):
    """Without LibYAML, PyYAML's scanner lets '\\ud800' through as a lone surrogate: the value
    is refused at the escape, and the path it is in does not crash the check."""
    text = edited("title: La Libération de Paris", 'title: "La \\ud800 Libération"')
    path = write_yaml(edited("file: images/7505634.jpg", 'file: "images/\\udc00.jpg"', text))
    without_libyaml = (
        "import sys; sys.modules['yaml._yaml'] = None; from sheets.cli import main; "
        "main(['check', sys.argv[1]])"
    )
    result = subprocess.run(
        [sys.executable, "-c", without_libyaml, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"{path}:14:16: error: the text holds the lone surrogate U+D800: half of a character's "
        f"UTF-16 code, no character (a PDF cannot hold it)\n{SURROGATE_HINT}\n"
        f"{path}:23:29: error: the text holds the lone surrogate U+DC00: half of a character's "
        f"UTF-16 code, no character (a PDF cannot hold it)\n{SURROGATE_HINT}\n"
        f"{path}: 2 errors, 0 warnings\n"
    )
