"""`sheets check`: problems on stderr with their place, exit 2 on errors, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets.cli import main

from test_load import BAD_INPUTS, BASE, BILLION_LAUGHS, WARNINGS, edited, expected_text

FOUNDING = Path(__file__).resolve().parent / "fixtures" / "founding.yaml"


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def assert_refused_without_traceback(result) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_check_passes_on_the_founding_example():
    result = check(str(FOUNDING))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == f"{FOUNDING}: 1 product in 1 category, no errors, 0 warnings\n"


@pytest.mark.parametrize(("content", "expected"), BAD_INPUTS)
def test_check_prints_each_bad_input_to_stderr_and_exits_2(write_catalog, content, expected):
    path = write_catalog(content)
    result = check(str(path))
    assert_refused_without_traceback(result)
    assert f"{expected_text(expected, path)}\n" in result.stderr
    # A misspelt 'descripton' also leaves the product without a description: a warning.
    assert result.stderr.endswith(
        (f"{path}: 1 error, 0 warnings\n", f"{path}: 1 error, 1 warning\n")
    )
    assert result.stdout == ""


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
            edited("title: La Libération de Paris", "title: " + "[" * 1000 + "]" * 1000),
            "14:41: error: values are nested more than 32 levels deep",
        ),
    ],
    ids=["alias-bomb", "merge-key", "python-tag", "deep-nesting"],
)
def test_check_refuses_hostile_input_without_traceback(write_catalog, tmp_path, content, message):
    witness = tmp_path / "executed"
    path = write_catalog(content.replace("WITNESS", str(witness)))
    result = check(str(path))
    assert_refused_without_traceback(result)
    assert result.stderr.startswith(f"{path}:{message}\n")
    assert not witness.exists()


@pytest.mark.parametrize(("content", "expected"), WARNINGS)
def test_check_prints_warnings_and_exits_0(write_catalog, content, expected):
    path = write_catalog(content)
    result = check(str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == expected_text(expected, path) + "\n"
    assert result.stdout == f"{path}: 1 product in 1 category, no errors, 1 warning\n"


def test_check_help_explains_the_command_and_its_exit_status():
    result = check("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Usage: main check [OPTIONS] [CATALOG]" in text
    assert "Validate CATALOG (default: ./catalog.yaml) and list every error and warning" in text
    assert (
        "Exits with 0 when the catalog is clean or has only warnings, 2 when it has errors" in text
    )


def test_check_without_argument_reads_catalog_yaml_of_the_current_folder(
    write_catalog, monkeypatch
):
    path = write_catalog(edited("currency: EUR", "currency: EUROS"))
    monkeypatch.chdir(path.parent)
    result = check()
    assert_refused_without_traceback(result)
    assert result.stderr.startswith("catalog.yaml:5:13: error: unknown currency 'EUROS'\n")


def test_check_without_argument_passes_on_a_clean_catalog_yaml(write_catalog, monkeypatch):
    monkeypatch.chdir(write_catalog(BASE).parent)
    result = check()
    assert result.exit_code == 0, result.output
    assert result.stdout == "catalog.yaml: 1 product in 1 category, no errors, 0 warnings\n"


def test_check_without_argument_in_a_folder_without_catalog_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = check()
    assert_refused_without_traceback(result)
    assert result.stderr == (
        "catalog.yaml: error: file not found\n"
        "    hint: give the path of a catalog file, e.g. catalog.yaml\n"
        "catalog.yaml: 1 error, 0 warnings\n"
    )


def test_check_on_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "catalogue.yaml"
    result = check(str(missing))
    assert_refused_without_traceback(result)
    assert result.stderr == (
        f"{missing}: error: file not found\n"
        "    hint: give the path of a catalog file, e.g. catalog.yaml\n"
        f"{missing}: 1 error, 0 warnings\n"
    )


def test_check_on_a_folder_says_it_is_not_a_file(tmp_path):
    result = check(str(tmp_path))
    assert_refused_without_traceback(result)
    assert result.stderr.startswith(f"{tmp_path}: error: is a folder, not a catalog file\n")


def test_check_counts_every_error_of_the_file(write_catalog):
    text = edited("currency: EUR", "currency: EUROS")
    text = edited("category: histoire", "category: histoir", text)
    path = write_catalog(edited("ean13: 4006381333931", "ean13: 4006381333932", text))
    result = check(str(path))
    assert_refused_without_traceback(result)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("    hint:")]
    assert lines == [
        f"{path}:5:13: error: unknown currency 'EUROS'",
        f"{path}:15:15: error: product 7505634: category 'histoir' does not exist",
        f"{path}:19:12: error: product 7505634: 'ean13' '4006381333932' has a wrong check digit: "
        "expected 1, found 2",
        f"{path}: 3 errors, 0 warnings",
    ]
