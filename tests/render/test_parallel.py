"""Sheets drawn in parallel processes (render/parallel.py): the same bytes as drawn one by one."""

from __future__ import annotations

import pytest

import sheets.build
import sheets.render.drawing
import sheets.render.parallel

from support import assert_refused_without_traceback, run_sheets, write_catalog


def test_sheets_drawn_in_parallel_are_the_same_bytes_as_drawn_one_by_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalog = write_catalog(tmp_path)
    outputs = {}
    for name, threshold in (("serial", 10_000), ("parallel", 2)):
        monkeypatch.setattr(sheets.render.parallel, "PARALLEL_FROM", threshold)
        outputs[name] = _built(catalog, tmp_path / name, "--only", "7505634,0750,7510001")
    assert len(outputs["serial"]) == 3
    assert outputs["parallel"] == outputs["serial"]


def test_a_page_no_type_size_fits_is_named_by_a_build_drawn_in_parallel(tmp_path, monkeypatch):
    # The problem is found in a worker process: it must come back whole, not as a traceback.
    monkeypatch.setattr(sheets.render.parallel, "PARALLEL_FROM", 2)

    def narrow(data):
        data["catalog"]["theme"] = {"page_size": "A5", "margin": "44 mm"}
        data["categories"][0]["title"] = " ".join(["commémorations"] * 14)[:200]

    result = run_sheets("build", write_catalog(tmp_path, narrow), "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "error: the opening page of section 1 (category 'histoire')" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("threshold", [10_000, 2], ids=["here", "in-workers"])
@pytest.mark.parametrize("damage", ["truncated", "removed"])
def test_a_photo_damaged_once_checked_is_named_not_a_traceback(
    tmp_path, monkeypatch, threshold, damage
):
    """A photo saved or removed after the catalog was checked and before it is drawn."""
    monkeypatch.setattr(sheets.render.parallel, "PARALLEL_FROM", threshold)
    catalog = write_catalog(tmp_path)
    photo = tmp_path / "images" / "0750.jpg"
    checked = sheets.build._checked_editions

    def then_damaged(*args):
        editions = checked(*args)
        if damage == "truncated":
            photo.write_bytes(photo.read_bytes()[:2000])
        else:
            photo.unlink()
        return editions

    monkeypatch.setattr(sheets.build, "_checked_editions", then_damaged)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "a photo could not be read during the build (" in result.output
    assert "'0750.jpg'" in result.output
    assert "hint: it was changed or removed during the build, or a worker" in result.output
    assert_refused_without_traceback(result)
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_sheets_drawn_after_their_run_are_the_same_bytes_as_drawn_alone(tmp_path, monkeypatch):
    # Drawn after their run, the sheets take over its lines (in CMYK, drawn in RGB).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalog = write_catalog(tmp_path)
    outputs = {}
    for name, alone in (("alone", 10_000), ("after", 0)):
        monkeypatch.setattr(sheets.render.drawing, "RUNS_ALONE", alone)
        outputs[name] = _built(catalog, tmp_path / name)
    assert len(outputs["alone"]) > 2
    assert outputs["after"] == outputs["alone"]


def _built(catalog, out, *options) -> dict:
    """The PDFs a build writes into `out` (not its cache), by their path in it."""
    assert run_sheets("build", catalog, "-o", out, *options).exit_code == 0
    return {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*.pdf") if ".sheets" not in p.parts
    }
