"""`sheets diff` on what it is given: damaged or forged manifests, brochures that are not the
ones their manifests describe, and proofs (-o) that would replace a file: each refused with a
clear error (exit 2, no traceback), nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from support import EPOCH, assert_refused_without_traceback, bilingual, run_sheets, write_catalog

FR, EN = "medailles-commemoratives.fr_FR", "commemorative-medals.en_GB"


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    """The base catalog in two locales built into `old`, then a price edited and built into
    `new`: one page changed in each edition."""
    folder = tmp_path_factory.mktemp("editions")
    catalog = write_catalog(folder, bilingual)
    assert run_sheets("build", catalog, "-o", folder / "old", env=EPOCH).exit_code == 0
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("17,80", "18,50"))
    assert run_sheets("build", catalog, "-o", folder / "new", env=EPOCH).exit_code == 0
    return folder


@pytest.fixture
def copies(editions, tmp_path) -> Path:
    """The two build folders, copied: to spoil."""
    for side in ("old", "new"):
        shutil.copytree(editions / side, tmp_path / side)
    return tmp_path


def rewrite_manifest(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def first_section(data: dict) -> dict:
    return next(page for page in data["pages"] if "category" in page)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: first_section(d).update(category={"id": [1]}), "page 3 is not as a build"),
        (lambda d: first_section(d).update(category={"name": 7}), "page 3 is not as a build"),
        (lambda d: d["pages"][0].update(page=True), "page 1 is not as a build writes it"),
        (lambda d: d["products"][0].update(pages=[99]), "product 1 is not as a build"),
        (lambda d: d["products"][0].update(sheet="../../x.pdf"), "product 1 is not as a build"),
        (lambda d: d["brochure"].update(file=""), "'brochure' names no PDF in the manifest's"),
        (lambda d: d["brochure"].update(file=".."), "'brochure' names no PDF in the manifest's"),
        (lambda d: d.update(locale="../fr"), "'locale' is not a locale's name"),
        (lambda d: d.update(date=7), "'date' or 'edition' is not a text"),
    ],
    ids=[
        "category-id",
        "category-name",
        "page-bool",
        "page-out-of-range",
        "sheet-outside",
        "brochure-empty",
        "brochure-dots",
        "locale-path",
        "date-number",
    ],
)
def test_a_manifest_not_as_a_build_writes_it_is_refused(copies, change, said):
    manifest = copies / "new" / f"{FR}.manifest.json"
    rewrite_manifest(manifest, change)
    result = run_sheets("diff", copies / "old", copies / "new", "-o", copies / "c.pdf")
    assert_refused_without_traceback(result)
    assert f"{manifest}: error: is a damaged manifest: " in result.output
    assert said in result.output and "hint: " in result.output
    assert not list(copies.glob("c*.pdf"))


def test_json_nested_too_deeply_is_refused(copies):
    manifest = copies / "new" / f"{FR}.manifest.json"
    manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_sheets("diff", copies / "old", copies / "new")
    assert_refused_without_traceback(result)
    assert f"{manifest}: error: is not a manifest: its JSON is nested too deeply" in result.output


def test_a_brochure_swapped_in_a_folder_is_refused_before_a_proof(copies):
    """The folder form reads the manifests: a proof would show another brochure's pages under
    their notes."""
    shutil.copy(copies / "old" / f"{FR}.pdf", copies / "new" / f"{FR}.pdf")
    result = run_sheets("diff", copies / "old", copies / "new", "-o", copies / "c.pdf")
    assert_refused_without_traceback(result)
    manifest = copies / "new" / f"{FR}.manifest.json"
    assert f"{manifest}: error: is not the manifest of {FR}.pdf as it is now" in result.output
    assert not list(copies.glob("c*.pdf"))


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("old", "new", "out", "what"),
    [
        (f"old/{FR}.pdf", f"new/{FR}.pdf", f"new/{FR}.pdf", "a brochure"),
        (f"old/{FR}.pdf", f"new/{FR}.pdf", f"old/{FR}.manifest.json", "a manifest"),
        ("old", "new", "old/medailles-commemoratives.pdf", "a brochure"),  # + .fr_FR
    ],
    ids=["new-brochure", "old-manifest", "named-with-the-locale"],
)
def test_a_proof_never_replaces_what_it_compares(copies, old, new, out, what):
    before = files(copies)
    result = run_sheets("diff", copies / old, copies / new, "-o", copies / out)
    assert_refused_without_traceback(result)
    assert f": error: is {what} this diff compares: the proof would replace it" in result.output
    assert "hint: name the proof (-o)" in result.output
    assert files(copies) == before


def test_a_proof_replaces_an_earlier_proof_and_no_other_file(copies):
    old, new = copies / "old" / f"{FR}.pdf", copies / "new" / f"{FR}.pdf"
    sheet = next((copies / "old" / "sheets").glob("*.fr_FR.pdf"))
    notes = copies / "notes.pdf"
    notes.write_bytes(b"%PDF-1.7\nthe customer's notes")
    (copies / "prices.txt").write_text("17,80", encoding="utf-8")
    for target in (sheet, notes, copies / "prices.txt"):
        before = target.read_bytes()
        result = run_sheets("diff", old, new, "-o", target)
        assert_refused_without_traceback(result)
        assert f"{target}: error: is there and is not an earlier changes proof" in result.output
        assert target.read_bytes() == before
    proof = copies / "changes.pdf"
    assert run_sheets("diff", old, new, "-o", proof).exit_code == 1
    assert run_sheets("diff", old, new, "-o", proof).exit_code == 1  # the earlier proof replaced


def test_a_failed_run_writes_no_proof(copies):
    """The English edition's proof would be ready before the French one is found wanting."""
    (copies / "new" / f"{FR}.pdf").unlink()
    result = run_sheets("diff", copies / "old", copies / "new", "-o", copies / "c.pdf")
    assert_refused_without_traceback(result)
    assert f"{FR}.manifest.json: error: describes {FR}.pdf, which is not beside it" in result.output
    assert not list(copies.glob("c*.pdf"))
    assert not list(copies.glob(".c*"))  # nor a file staged


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("afile/c.pdf", "afile/c.en_GB.pdf: error: cannot write the proof: its folder is a file"),
        ("dd/c.pdf", "dd/c.fr_FR.pdf: error: is a folder: the proof is a file"),
        ("/proc/c.pdf", "/proc/c.en_GB.pdf: error: cannot write the proof: "),
    ],
    ids=["folder-is-a-file", "target-is-a-folder", "folder-not-writable"],
)
def test_a_proof_that_cannot_be_written_is_refused(copies, out, said):
    if out.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("a folder no one may write into: Linux's /proc")
    (copies / "afile").write_text("a file", encoding="utf-8")
    (copies / "dd" / "c.fr_FR.pdf").mkdir(parents=True)
    result = run_sheets("diff", copies / "old", copies / "new", "-o", copies / out)
    assert_refused_without_traceback(result)
    assert said in result.output and "hint: " in result.output
    assert [path for path in copies.rglob("c.*.pdf") if path.is_file()] == []


def test_the_same_proof_is_the_same_bytes_and_says_whose_it_is(editions, tmp_path):
    old, new = editions / "old" / f"{FR}.pdf", editions / "new" / f"{FR}.pdf"
    proofs = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    for proof in proofs:
        assert run_sheets("diff", old, new, "-o", proof, env=EPOCH).exit_code == 1
    assert proofs[0].read_bytes() == proofs[1].read_bytes()
    with pikepdf.open(proofs[0]) as pdf, pikepdf.open(new) as brochure:
        assert str(pdf.docinfo["/Author"]) == str(brochure.docinfo["/Author"]) != ""
        assert str(pdf.docinfo["/Subject"]) == f"Changes from old/{FR}.pdf to new/{FR}.pdf"
        assert list(map(str, pdf.pages[0].resources.XObject.keys())) == ["/Page1"]


def test_a_product_moved_to_another_category_says_from_which_to_which(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_sheets("build", catalog, "-o", tmp_path / "old").exit_code == 0
    write_catalog(tmp_path, lambda data: data["products"][0].update(category="patrimoine"))
    assert run_sheets("build", catalog, "-o", tmp_path / "new").exit_code == 0
    result = run_sheets("diff", tmp_path / "old", tmp_path / "new")
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("  7505634 ")]
    assert "category histoire → patrimoine" in line


def test_a_title_cannot_forge_a_line(copies):
    manifest = copies / "new" / f"{FR}.manifest.json"

    def forged(data: dict) -> None:
        product = data["products"][0]
        product["title"] = "Médaille\n  page 9: changed\x1b[2K"
        product["digest"] = "0" * 64

    rewrite_manifest(manifest, forged)
    result = run_sheets("diff", copies / "old" / f"{FR}.pdf", copies / "new" / f"{FR}.pdf")
    assert result.exit_code == 1, result.output
    assert "  page 9: changed" not in result.output.splitlines()
    assert "Médaille\\n  page 9: changed\\x1b[2K: " in result.output


def test_editions_of_two_locales_are_not_compared(editions):
    old, new = editions / "old" / f"{FR}.pdf", editions / "new" / f"{EN}.pdf"
    result = run_sheets("diff", old, new)
    assert_refused_without_traceback(result)
    assert (
        f"{EN}.manifest.json: error: is another locale's edition than {FR}.manifest.json "
        "(fr_FR and en_GB)"
    ) in result.output
    assert "hint: compare two editions of one locale" in result.output


def test_two_editions_of_one_locale_in_a_folder_are_refused(copies):
    shutil.copy(copies / "new" / f"{FR}.manifest.json", copies / "new" / "copy.manifest.json")
    result = run_sheets("diff", copies / "old", copies / "new")
    assert_refused_without_traceback(result)
    said = f"{copies / 'new' / FR}.manifest.json: error: is a second fr_FR edition in its folder, "
    assert f"{said}beside copy.manifest.json" in result.output


def test_a_product_sheet_is_said_to_be_one(editions):
    sheet = next((editions / "old" / "sheets").glob("*.fr_FR.pdf"))
    result = run_sheets("diff", sheet, editions / "new" / f"{FR}.pdf")
    assert_refused_without_traceback(result)
    assert f"{sheet}: error: is a product sheet, not a brochure" in result.output
    assert f"hint: name the brochure ({editions / 'old' / FR}.pdf) or the build's folder" in (
        result.output
    )
