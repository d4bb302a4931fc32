"""The `sheets` command itself (cli.py): arguments and their defaults, the summary it prints,
its exit status, usage errors; never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from support import (
    BASE_YAML,
    FIXTURES,
    SAMPLE,
    assert_refused_without_traceback,
    edited,
    outputs,
    run_sheets,
    write_catalog,
    written,
)

FOUNDING = FIXTURES / "founding.yaml"


# -- sheets check --------------------------------------------------------------------------


def test_check_passes_on_the_founding_example():
    result = run_sheets("check", FOUNDING)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == f"{FOUNDING}: 1 product in 1 category, no errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("typed", "meant"), [("buidl", "build"), ("serv", "serve"), ("chek", "check")]
)
def test_a_misspelt_command_is_told_the_one_meant(typed, meant):
    result = run_sheets(typed)
    assert result.exit_code == 2
    assert f"No such command '{typed}'. Did you mean '{meant}'?" in result.output


def test_check_help_explains_the_command_and_its_exit_status():
    result = run_sheets("check", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Usage: main check [OPTIONS] [CATALOG]" in text
    assert "Validate CATALOG (default: ./catalog.yaml) and list every error and warning" in text
    assert (
        "Exits with 0 when the catalog is clean or has only warnings, 2 when it has errors" in text
    )


def test_check_without_argument_reads_catalog_yaml_of_the_current_folder(write_yaml, monkeypatch):
    path = write_yaml(edited("currency: EUR", "currency: EUROS"))
    monkeypatch.chdir(path.parent)
    result = run_sheets("check")
    assert_refused_without_traceback(result)
    assert result.stderr.startswith("catalog.yaml:5:13: error: unknown currency 'EUROS'\n")


def test_check_without_argument_passes_on_a_clean_catalog_yaml(write_yaml, monkeypatch):
    monkeypatch.chdir(write_yaml(BASE_YAML).parent)
    result = run_sheets("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "catalog.yaml: 1 product in 1 category, no errors, 0 warnings\n"


def test_check_without_argument_in_a_folder_without_catalog_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_sheets("check")
    assert_refused_without_traceback(result)
    assert result.stderr == (
        "catalog.yaml: error: file not found\n"
        "    hint: give the path of a catalog file, e.g. catalog.yaml\n"
        "catalog.yaml: 1 error, 0 warnings\n"
    )


def test_check_on_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "catalogue.yaml"
    result = run_sheets("check", missing)
    assert_refused_without_traceback(result)
    assert result.stderr == (
        f"{missing}: error: file not found\n"
        "    hint: give the path of a catalog file, e.g. catalog.yaml\n"
        f"{missing}: 1 error, 0 warnings\n"
    )


def test_check_on_a_folder_says_it_is_not_a_file(tmp_path):
    result = run_sheets("check", tmp_path)
    assert_refused_without_traceback(result)
    assert result.stderr.startswith(f"{tmp_path}: error: is a folder, not a catalog file\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_catalog_from_a_pipe_is_refused_as_no_file(tmp_path, command):
    pipe = tmp_path / "catalog.yaml"
    os.mkfifo(pipe)  # as `<(cat catalog.yaml)` gives it: one reading, and no folder of its own
    args = [command, pipe, *(["-o", tmp_path / "out"] if command == "build" else [])]
    result = run_sheets(*args)
    assert_refused_without_traceback(result)
    assert result.stderr.startswith(
        f"{pipe}: error: is not a file (a pipe or a device): it cannot be read twice, and has "
        "no folder for the photos and products it names\n"
        "    hint: save it as a file in the catalog's folder, e.g. catalog.yaml, and give its "
        "path\n"
    )
    assert not (tmp_path / "out").exists()


def test_check_counts_every_error_of_the_file(write_yaml):
    text = edited("currency: EUR", "currency: EUROS")
    text = edited("category: histoire", "category: histoir", text)
    path = write_yaml(edited("ean13: 4006381333931", "ean13: 4006381333932", text))
    result = run_sheets("check", path)
    assert_refused_without_traceback(result)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("    hint:")]
    assert lines == [
        f"{path}:5:13: error: unknown currency 'EUROS'",
        f"{path}:15:15: error: product 7505634: category 'histoir' does not exist",
        f"{path}:19:12: error: product 7505634: 'ean13' '4006381333932' has a wrong check digit: "
        "expected 1, found 2",
        f"{path}: 3 errors, 0 warnings",
    ]


# -- sheets build --------------------------------------------------------------------------


FOUNDING_SHEET = "sheets/7505634-la-liberation-de-paris.fr_FR.pdf"


def test_build_defaults_to_catalog_yaml_into_out(tmp_path, monkeypatch):
    shutil.copy(SAMPLE, tmp_path / "catalog.yaml")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    monkeypatch.chdir(tmp_path)
    result = run_sheets("build", "--only", "7505634")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / FOUNDING_SHEET).is_file()


def test_brochure_options_with_only_are_said_to_be_ignored(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build",
        catalog,
        "-o",
        tmp_path / "out",
        "--only",
        "0750",
        "--impose",
        "saddle",
        "--booklet",
    )
    assert result.exit_code == 0
    assert (
        "warning: --booklet, --impose concern the brochure, which --only does not build"
        in result.output
    )


def test_one_brochure_option_with_only_is_said_in_the_singular(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750", "--booklet")
    assert result.exit_code == 0
    assert "warning: --booklet concerns the brochure, which --only does not build" in result.output


@pytest.mark.parametrize("epoch", ["abc", "1.5", "-5", "1e9", "99999999999999"])
@pytest.mark.parametrize("command", ["build", "email", "check", "proof"])
def test_a_date_pdfs_cannot_carry_in_source_date_epoch_is_refused(tmp_path, epoch, command):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    args = {
        "build": ["build", catalog, "-o", out],
        "email": ["email", "0750", "--to", "a@example.com", "--catalog", catalog, "-o", out],
        "check": ["check", catalog],
        "proof": ["proof", catalog, "-o", out],
    }[command]
    result = run_sheets(*args, env={"SOURCE_DATE_EPOCH": epoch})
    assert_refused_without_traceback(result)
    assert (
        f"sheets: error: the environment variable SOURCE_DATE_EPOCH is {epoch!r}: the date "
        "reproducible PDFs carry is a whole number of seconds since 1970-01-01, up to the "
        "year 9999\n"
        "    hint: set it to a whole number of seconds such as 1700000000 "
        "(`git log -1 --format=%ct` gives the last commit's), or unset it\n"
    ) in result.output
    assert not out.exists()


@pytest.mark.parametrize("epoch", ["", " 1700000000 ", "0"])
def test_a_blank_or_spaced_source_date_epoch_is_taken_as_reportlab_takes_it(tmp_path, epoch):
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build", catalog, "-o", tmp_path / "out", "--only", "0750", env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert result.exit_code == 0, result.output
    assert outputs(tmp_path / "out")


def test_only_without_a_reference_is_a_usage_error(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", ",")
    assert result.exit_code == 2
    assert "--only needs at least one product reference" in result.output
    assert not (tmp_path / "out").exists()


def test_a_build_off_a_terminal_says_how_far_it_has_come(tmp_path, monkeypatch):
    import sheets.progress

    monkeypatch.setattr(sheets.progress.ProgressBar, "LOG_EVERY", 0.0)  # a line at every sheet
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("rendered")] == [
        "rendered 1 of 3 sheets",
        "rendered 2 of 3 sheets",
        "rendered 3 of 3 sheets",
    ]


@pytest.mark.parametrize(
    ("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_an_interrupt_once_the_outputs_are_in_place_says_they_were_written(
    tmp_path, monkeypatch, sent, status
):
    import sheets.output

    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    write_catalog(tmp_path, lambda data: data["products"][1].update(title="La tour"))
    replace = os.replace

    def replace_then_interrupt(source, target):
        replace(source, target)
        if Path(target).name == "outputs.json":  # the last file of the build's batch
            os.kill(os.getpid(), sent)  # held until every file is in place, then raised

    monkeypatch.setattr(sheets.output.os, "replace", replace_then_interrupt)
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == status
    assert result.stdout == "", "no summary"
    assert result.stderr == (
        f"\nsheets: interrupted ({sent.name}); the outputs were written before it: the files in "
        f"{out} are complete and recorded, but the rest (preflight, summary) was not done\n"
    )
    assert (out / "sheets" / "0750-la-tour.pdf").is_file()
    assert not (out / "sheets" / "0750-tour-eiffel.pdf").exists()
    record = json.loads((out / ".sheets" / "outputs.json").read_text(encoding="utf-8"))["files"]
    assert sorted(record) == sorted(path.relative_to(out).as_posix() for path in written(out))
    for name, entry in record.items():
        assert entry["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
