"""A build of what the last build was made from (uptodate.py): it says so and writes nothing.
Any other build, whatever changed (a photo, an option, the date, the outputs themselves), is a
real one, and writes what a build into an empty folder writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import sheets.build
from sheets.output import OutputFolder

from support import (
    EPOCH,
    bilingual,
    run_sheets,
    write_catalog,
    write_image,
    write_image_of_length,
    written,
)

UP_TO_DATE = "Up to date: the catalog and its photos are as the last build found them."
PHOTO_LENGTH = 40_000  # the founding product's photo: another of this length replaces it


def build(catalog: Path, out: Path, *options: str, env: dict[str, str] = EPOCH):
    result = run_sheets("build", catalog, "-o", out, *options, env=env)
    assert result.exit_code == 0, result.output
    return result


def files(out: Path) -> dict[str, bytes]:
    """Every file a build wrote into `out` (its manifests too), by its name in the folder."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in written(out)}


def everything(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file in `out`, records and cache included: its time and its bytes."""
    return {
        path.relative_to(out).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def without_times(output: str) -> list[str]:
    """The report's lines, the seconds a build took left out."""
    return [re.sub(r" in \d+\.\d s", "", line) for line in output.splitlines()]


@pytest.fixture
def shop(tmp_path) -> Path:
    """The base catalog, the founding product's photo PHOTO_LENGTH bytes long."""
    write_image_of_length(tmp_path / "images" / "7505634.jpg", PHOTO_LENGTH)
    return write_catalog(tmp_path)


def test_an_unchanged_build_says_so_and_writes_nothing(shop, tmp_path):
    out = tmp_path / "out"
    first = build(shop, out)
    before = everything(out)
    again = build(shop, out)
    assert UP_TO_DATE in again.output
    assert everything(out) == before  # not a byte, not a time
    # The same report otherwise: files, pages, preflight.
    assert [line for line in without_times(again.output) if line != UP_TO_DATE] == [
        line for line in without_times(first.output) if "redrawn" not in line
    ]


def test_an_unchanged_build_answers_without_loading_the_drawing(shop, tmp_path):
    """`sheets build` as a user runs it, in a process of its own: the second build answers
    from the record, never loading ReportLab, the layout or the drawing."""
    out = tmp_path / "out"
    build(shop, out)
    loaded = (
        "import sys\n"
        "from sheets.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = sorted(name for name in sys.modules if name.split('.')[0] == 'reportlab'\n"
        "                   or name.startswith('sheets.layout') or name == 'sheets.build')\n"
        "    print('loaded:', heavy, file=sys.stderr)\n"
    )
    command = [sys.executable, "-c", loaded, "build", str(shop), "-o", str(out)]
    again = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **EPOCH})
    assert again.returncode == 0, again.stderr
    assert UP_TO_DATE in again.stdout
    assert "loaded: []" in again.stderr
    shop.write_text(shop.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # now changed
    rebuilt = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **EPOCH})
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "reportlab" in rebuilt.stderr and UP_TO_DATE not in rebuilt.stdout


def test_an_up_to_date_build_prints_the_catalogs_warnings_again(tmp_path):
    write_image(tmp_path / "images" / "0750.jpg", size=200)  # too small to print sharp
    catalog = write_catalog(tmp_path)
    first = build(catalog, tmp_path / "out")
    warning = "warning: product 0750: image 'images/0750.jpg' is 200×200 px"
    assert warning in first.output
    again = build(catalog, tmp_path / "out")
    assert UP_TO_DATE in again.output
    assert warning in again.output
    assert without_times(again.output)[:3] == without_times(first.output)[:3]
    assert ", 1 warning." in again.output


def replace_photo_keeping_its_length(catalog: Path, out: Path) -> None:
    photo = catalog.parent / "images" / "7505634.jpg"
    times = photo.stat()
    write_image_of_length(photo, PHOTO_LENGTH, color=(20, 120, 200))
    # Another time, whatever the clock's resolution.
    os.utime(photo, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))


def delete_a_sheet(catalog: Path, out: Path) -> None:
    (out / "sheets" / "0750-tour-eiffel.pdf").unlink()


def edit_a_sheet_in_place(catalog: Path, out: Path) -> None:
    # The same file as its entry in the cache, where the file system allows it: both edited.
    with (out / "sheets" / "0750-tour-eiffel.pdf").open("r+b") as sheet:
        sheet.seek(200)
        sheet.write(b"edited")


def overwrite_the_brochure(catalog: Path, out: Path) -> None:
    brochure = out / "medailles-commemoratives.pdf"
    brochure.write_bytes(bytes(len(brochure.read_bytes())))  # as long, all zeros


def damage_the_record(catalog: Path, out: Path) -> None:
    (out / ".sheets" / "build.json").write_text('{"key": [', encoding="utf-8")


def damage_the_record_of_outputs(catalog: Path, out: Path) -> None:
    (out / ".sheets" / "outputs.json").write_text("garbage", encoding="utf-8")


# What changes since the last build → that change.
CHANGES: dict[str, Callable[[Path, Path], None]] = {
    "photo replaced, same length": replace_photo_keeping_its_length,
    "sheet deleted": delete_a_sheet,
    "sheet edited in place": edit_a_sheet_in_place,
    "brochure overwritten": overwrite_the_brochure,
    "build.json damaged": damage_the_record,
    "outputs.json damaged": damage_the_record_of_outputs,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_build_after_a_change_is_a_real_one(shop, tmp_path, change):
    out = tmp_path / "out"
    build(shop, out)
    change(shop, out)
    result = build(shop, out)
    assert UP_TO_DATE not in result.output
    build(shop, tmp_path / "clean")
    assert files(out) == files(tmp_path / "clean")
    assert UP_TO_DATE in build(shop, out).output  # and recorded as such


# What the next build asks for → its options, its environment, and what it draws anew.
OTHER_BUILDS = {
    # Sheets are for the screen already: the brochure is drawn anew.
    "another profile": (["--profile", "screen"], EPOCH, "0 sheets redrawn, 3 up to date; "),
    "just one sheet": (["--only", "0750"], EPOCH, "0 sheets redrawn, 1 up to date"),
    "another date": ([], {"SOURCE_DATE_EPOCH": "1800000000"}, "3 sheets redrawn, 0 up to date"),
}


@pytest.mark.parametrize(("options", "env", "redrawn"), OTHER_BUILDS.values(), ids=OTHER_BUILDS)
def test_a_build_asked_for_otherwise_is_a_real_one(shop, tmp_path, options, env, redrawn):
    out = tmp_path / "out"
    build(shop, out)
    before = files(out)
    result = build(shop, out, *options, env=env)
    assert f"\n{redrawn}" in result.output
    build(shop, tmp_path / "clean", *options, env=env)
    clean = files(tmp_path / "clean")
    # What the build writes is what a build into an empty folder writes; the rest is kept.
    assert files(out) == before | clean
    assert UP_TO_DATE in build(shop, out, *options, env=env).output


def test_a_build_of_one_locale_is_not_the_build_of_all(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    out = tmp_path / "out"
    build(catalog, out)
    before = files(out)
    assert len(before) == 10  # 3 sheets, a brochure and its manifest in each language
    result = build(catalog, out, "--locale", "en_GB")
    assert UP_TO_DATE not in result.output
    assert "Built 3 sheets" in result.output  # the English ones
    build(catalog, tmp_path / "clean", "--locale", "en_GB")
    english = files(tmp_path / "clean")
    assert files(out) == before | english
    assert UP_TO_DATE not in build(catalog, out).output  # the last build was of English only
    assert files(out) == before


def test_a_catalog_saved_unchanged_builds_the_same_files(shop, tmp_path):
    out = tmp_path / "out"
    build(shop, out)
    before = files(out)
    times = shop.stat()
    shop.write_bytes(shop.read_bytes())
    os.utime(shop, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
    build(shop, out)  # up to date or not: the catalog says the same
    assert files(out) == before


def test_a_build_into_a_folder_another_build_holds_stops_with_a_clear_error(shop, tmp_path):
    out = tmp_path / "out"
    build(shop, out)
    before = everything(out)
    with OutputFolder(out):  # another build holds the folder
        result = run_sheets("build", shop, "-o", out, env=EPOCH)
    assert result.exit_code == 2, result.output
    assert f"error: another sheets build is writing into {out}" in result.output
    assert everything(out) == before


def test_photos_swapped_that_have_one_length_and_one_time_are_seen_swapped(tmp_path):
    # As unpacked from an archive: times to the second, the same for every file.
    photos = [tmp_path / "images" / name for name in ("7505634.jpg", "0750.jpg")]
    for photo, color in zip(photos, [(150, 120, 80), (20, 120, 200)], strict=True):
        write_image_of_length(photo, PHOTO_LENGTH, color)
        os.utime(photo, ns=(1_600_000_000_000_000_000,) * 2)
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    photos[0].rename(tmp_path / "swapped.jpg")
    photos[1].rename(photos[0])
    (tmp_path / "swapped.jpg").rename(photos[1])
    result = build(catalog, out)
    assert UP_TO_DATE not in result.output
    build(catalog, tmp_path / "clean")
    assert files(out) == files(tmp_path / "clean")


def test_a_photo_saved_while_the_build_runs_is_drawn_by_the_next_build(shop, tmp_path, monkeypatch):
    out = tmp_path / "out"
    photo = tmp_path / "images" / "7505634.jpg"
    record = sheets.build.remember

    def saved_meanwhile(*args, **kwargs):  # once the photo is drawn, before the build ends
        write_image(photo, color=(20, 120, 200))
        record(*args, **kwargs)

    monkeypatch.setattr(sheets.build, "remember", saved_meanwhile)
    build(shop, out)
    monkeypatch.undo()
    result = build(shop, out)
    assert UP_TO_DATE not in result.output
    build(shop, tmp_path / "clean")
    assert files(out) == files(tmp_path / "clean")


# The record edited, its key kept: its report as no build writes it.
EDITS: dict[str, Callable[[dict], object]] = {
    "a sheet named by a number": lambda report: report.update(sheets=[1]),
    "a field gone": lambda report: report.pop("imposed"),
    "a warning without its severity": lambda report: report.update(warnings=[{"message": "x"}]),
    "a preflight cut short": lambda report: report.update(preflights=[["brochure.pdf"]]),
    "a page count in words": lambda report: report.update(sheet_pages="two"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_record_edited_into_what_no_build_writes_is_not_believed(shop, tmp_path, edit):
    out = tmp_path / "out"
    first = build(shop, out)
    path = out / ".sheets" / "build.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record["report"])
    path.write_text(json.dumps(record), encoding="utf-8")
    result = build(shop, out)
    assert UP_TO_DATE not in result.output
    assert without_times(result.output)[0] == without_times(first.output)[0]
    assert UP_TO_DATE in build(shop, out).output  # the record written anew


# The build's records for the next: of the build, of its photos' digests, of the photos checked.
@pytest.mark.parametrize("name", ["build.json", "images.json", "photos.json"])
def test_a_record_that_cannot_be_kept_does_not_fail_the_build_that_wrote_the_files(
    shop, tmp_path, name
):
    out = tmp_path / "out"
    build(shop, out)
    record = out / ".sheets" / name
    record.unlink()
    record.mkdir()  # in its place, as a stray tool may leave it
    renamed = write_catalog(tmp_path, lambda data: data["catalog"].update(title="Autre titre"))
    result = build(renamed, out)
    assert "autre-titre.pdf" in result.output
    assert "preflight of" in result.output  # the build went on to its end
    build(renamed, tmp_path / "clean")
    assert files(out) == files(tmp_path / "clean")
    assert list(record.iterdir()) == []
