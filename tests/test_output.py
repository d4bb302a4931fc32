"""Files on disk (output.py): names customers understand, readable by everyone, never left
half-written, and the sheets of renamed or removed products removed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from sheets.output import OutputFolder

from support import bilingual, outputs, run_sheets, text_of, write_catalog, written

# -- names ---------------------------------------------------------------------------------


def test_a_title_without_latin_letters_names_the_sheet_by_its_reference(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["products"][1].update(title="Москва"))
    assert run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750").exit_code == 0
    assert (tmp_path / "out" / "sheets" / "0750.pdf").is_file()


def test_a_single_language_catalog_keeps_plain_file_names(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "medailles-commemoratives.pdf").is_file()


@pytest.mark.parametrize(
    ("first", "second", "name", "also"),
    [
        (("A-1", "Tour Eiffel"), ("A", "1 Tour Eiffel"), "A-1-tour-eiffel.pdf", ""),
        (
            ("AB", "Tour Eiffel"),
            ("ab", "Tour Eiffel"),
            "ab-tour-eiffel.pdf",
            " ('AB-tour-eiffel.pdf')",
        ),
        (("A-1", "Москва"), ("A", "1"), "A-1.pdf", ""),
    ],
    ids=["same-name", "same-but-for-case", "title-without-latin-letters"],
)
def test_two_products_whose_sheets_would_have_one_name_are_refused(
    tmp_path, first, second, name, also
):
    def colliding(data):
        data["products"][1].update(reference=first[0], title=first[1])
        data["products"][2].update(reference=second[0], title=second[1])

    catalog = write_catalog(tmp_path, colliding)
    lines = catalog.read_text(encoding="utf-8").splitlines()
    line_of = {ref: lines.index(f"- reference: {ref}") + 1 for ref in (first[0], second[0])}
    expected = (
        f"{catalog}:{line_of[second[0]]}: error: product {second[0]}: its sheet would be named "
        f"'{name}', like the sheet of product {first[0]} (line {line_of[first[0]]}){also}: one "
        "would overwrite the other\n    hint: change the reference or the title of one of them\n"
    )
    for command in (("build", catalog, "-o", tmp_path / "out"), ("check", catalog)):
        result = run_sheets(*command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(expected)
    assert not (tmp_path / "out").exists()


# -- writing -------------------------------------------------------------------------------


def test_outputs_are_readable_by_everyone(built):
    out, _ = built
    for pdf in outputs(out):
        assert os.stat(pdf).st_mode & 0o444 == 0o444


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
            "is damaged or truncated",
        ),
        (lambda p: p.write_bytes(b"not an image at all"), "is not an image Pillow can read"),
        (lambda p: p.write_bytes(b""), "is not an image Pillow can read"),
    ],
    ids=["truncated", "not-an-image", "empty"],
)
def test_bad_image_fails_with_exit_2_and_leaves_previous_outputs_untouched(
    tmp_path, damage, message
):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    before = {p: p.read_bytes() for p in written(out)}
    damage(tmp_path / "images" / "0750.jpg")
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"product 0750: image 'images/0750.jpg' {message}" in result.output
    assert {p: p.read_bytes() for p in written(out)} == before
    outside = [path for path in out.rglob("*") if ".sheets" not in path.parts]
    assert sorted(outside) == sorted([*before, out / "sheets"])


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    catalog = write_catalog(tmp_path)
    (tmp_path / "taken").write_text("a file, not a folder")
    result = run_sheets("build", catalog, "-o", tmp_path / "taken" / "out")
    assert result.exit_code == 2
    assert "error: cannot write the PDFs: Not a directory" in result.output
    assert "Traceback" not in result.output


# -- outdated sheets -----------------------------------------------------------------------


def test_a_full_build_removes_the_sheets_of_renamed_or_removed_products(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0

    def renamed(data):
        data["products"][1]["title"] = "La tour Eiffel"
        del data["products"][2]

    write_catalog(tmp_path, renamed)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "removed 2 outdated files" in result.output
    assert sorted(p.name for p in (tmp_path / "out" / "sheets").iterdir()) == [
        "0750-la-tour-eiffel.pdf",
        "7505634-la-liberation-de-paris.pdf",
    ]


def test_building_only_some_sheets_removes_nothing(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0
    assert run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750").exit_code == 0
    assert len(list((tmp_path / "out" / "sheets").iterdir())) == 3


def test_building_one_locale_removes_only_that_editions_outdated_sheets(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0

    def renamed(data):
        bilingual(data)
        data["products"][0]["title"]["en"] = "Paris Liberated"

    write_catalog(tmp_path, renamed)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--locale", "en_GB")
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out" / "sheets").iterdir()}
    assert "7505634-paris-liberated.en_GB.pdf" in names
    assert "7505634-the-liberation-of-paris.en_GB.pdf" not in names
    assert "7505634-la-liberation-de-paris.fr_FR.pdf" in names, "the French edition is left alone"


def test_a_locale_the_catalog_no_longer_publishes_has_its_outputs_removed(tmp_path):
    """Its sheets, brochure and manifest: outdated, as a removed product's sheet is; a proof or
    a diff would take them for a current edition."""
    catalog = write_catalog(tmp_path, bilingual)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    english = {path for path in out.rglob("*en_GB*")}
    assert len(english) >= 3
    write_catalog(tmp_path, lambda data: bilingual(data, ("fr_FR",)))
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    assert not list(out.rglob("*en_GB*")) and not list(out.rglob("*fr_FR*"))
    assert sorted(path.name for path in out.glob("*.pdf")) == ["medailles-commemoratives.pdf"]
    assert (out / "medailles-commemoratives.manifest.json").is_file()


# -- what a build owns ---------------------------------------------------------------------


def test_a_build_never_touches_files_it_did_not_write(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    (out / "sheets").mkdir(parents=True)
    mine = {
        out / "sheets" / "notes-du-client.pdf": b"%PDF-1.4 the customer's own",
        out / "sheets" / ".brouillon.pdf.tmp": b"a hidden file of the user's",
        out / "devis.pdf": b"%PDF-1.4 a quote",
    }
    for path, data in mine.items():
        path.write_bytes(data)
    assert run_sheets("build", catalog, "-o", out).exit_code == 0

    def renamed(data):
        data["products"][1]["title"] = "La tour Eiffel"
        data["catalog"]["title"] = "Médailles"  # the brochure's name changes too

    write_catalog(tmp_path, renamed)
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    # The old sheet, the old brochure and its manifest.
    assert "removed 3 outdated files" in result.output
    assert {path: path.read_bytes() for path in mine} == mine
    assert not (out / "medailles-commemoratives.pdf").exists()
    assert not (out / "medailles-commemoratives.manifest.json").exists()
    assert (out / "medailles.pdf").is_file() and (out / "medailles.manifest.json").is_file()


def test_a_build_of_one_sheet_replaces_that_sheet_alone(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    write_catalog(
        tmp_path,
        lambda data: [
            data["products"][1].update(title="La tour Eiffel"),
            data["products"][2].update(title="Le sacre"),  # not built: its old sheet stays
        ],
    )
    result = run_sheets("build", catalog, "-o", out, "--only", "0750")
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (out / "sheets").iterdir())
    assert names == [
        "0750-la-tour-eiffel.pdf",  # its sheet under its old name is replaced
        "7505634-la-liberation-de-paris.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]
    assert (out / "medailles-commemoratives.pdf").exists()  # the brochure is left as it was
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    assert not (out / "sheets" / "7510001-le-sacre-de-napoleon.pdf").exists()


def test_two_builds_into_one_folder_do_not_mix(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    with OutputFolder(out):  # another build holds the folder
        result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 2
    assert f"error: another sheets build is writing into {out}" in result.output
    assert not list(outputs(out))
    assert run_sheets("build", catalog, "-o", out).exit_code == 0  # once it is done


def test_a_build_clears_the_temporary_files_of_builds_that_were_killed(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    (out / "sheets").mkdir(parents=True)
    debris = [
        out / "sheets" / ".0750-tour-eiffel.pdf.k2j4_9xa.tmp",
        out / ".medailles-commemoratives.pdf.abcd1234.tmp",
    ]
    for path in debris:
        path.write_bytes(b"%PDF-1.4 half")
    kept = out / "sheets" / ".notes.txt.tmp"  # not of the tool's naming
    kept.write_bytes(b"keep")
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    assert not any(path.exists() for path in debris)
    assert kept.read_bytes() == b"keep"


# -- the record of what builds wrote -------------------------------------------------------


def _record(out: Path) -> dict[str, dict]:
    return json.loads((out / ".sheets" / "outputs.json").read_text(encoding="utf-8"))["files"]


def _add_to_record(out: Path, names: list[str]) -> None:
    data = {"files": _record(out)}
    for name in names:
        data["files"][name] = {"catalog": "../catalog.yaml", "locale": "fr_FR"}
    (out / ".sheets" / "outputs.json").write_text(json.dumps(data), encoding="utf-8")


def test_the_record_says_what_each_file_holds_and_which_catalog_wrote_it(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    record = _record(out)
    assert sorted(record) == sorted(path.relative_to(out).as_posix() for path in written(out))
    for name, entry in record.items():
        data = (out / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        assert (entry["catalog"], entry["locale"]) == ("../catalog.yaml", "fr_FR")


def test_a_record_holding_values_of_other_shapes_is_read_as_far_as_it_can_be(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    sheet = "sheets/0750-tour-eiffel.pdf"
    assert _record(out)[sheet]["product"] == "0750"
    record = out / ".sheets" / "outputs.json"
    data = json.loads(record.read_text("utf-8"))
    data["files"][sheet].update(locale=["fr_FR"], product={"0750": 1}, catalog=None)
    record.write_text(json.dumps(data), "utf-8")
    write_catalog(tmp_path, lambda data: data["products"][1].update(title="La tour Eiffel"))
    for options in (["--only", "0750"], []):
        result = run_sheets("build", catalog, "-o", out, *options)
        assert result.exit_code == 0, result.output
    # Not known to be this catalog's any more, the old sheet is kept, never overwritten.
    assert (out / sheet).exists()
    assert (out / "sheets" / "0750-la-tour-eiffel.pdf").exists()


def test_a_record_naming_files_a_build_does_not_write_is_not_believed(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    (tmp_path / "elsewhere").mkdir()
    (out / "linked").symlink_to(tmp_path / "elsewhere")
    kept = {
        tmp_path / "victim.txt": "../victim.txt",
        tmp_path / "absolute.pdf": str(tmp_path / "absolute.pdf"),
        tmp_path / "elsewhere" / "through-a-link.pdf": "linked/through-a-link.pdf",
        out / ".sheets" / "images.json": ".sheets/images.json",
        out / "devis.pdf": "sheets/../devis.pdf",
    }
    for path in kept:
        if not path.exists():
            path.write_bytes(b"%PDF-1.4 not the build's")
    _add_to_record(out, [*kept.values(), "sheets/a\0b.pdf"])
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    assert all(path.exists() for path in kept)
    record = out / ".sheets" / "outputs.json"
    assert [line for line in result.stderr.splitlines() if "ignored" in line] == [
        f"{record}: warning: ignored '../victim.txt' in the record of earlier outputs: "
        f"it is outside {out}",
        f"{record}: warning: ignored '{tmp_path / 'absolute.pdf'}' in the record of earlier "
        f"outputs: it is outside {out}",
        f"{record}: warning: ignored 'linked/through-a-link.pdf' in the record of earlier "
        f"outputs: it is outside {out}",
        f"{record}: warning: ignored '.sheets/images.json' in the record of earlier outputs: "
        f"it is in {out / '.sheets'}, which holds the build's own state",
        f"{record}: warning: ignored 'sheets/../devis.pdf' in the record of earlier outputs: "
        "it is not a name as builds write them",
        f"{record}: warning: ignored 'sheets/a\\x00b.pdf' in the record of earlier outputs: "
        "it is not a name as builds write them",
    ]
    assert "6 warnings" in result.stdout
    assert not set(kept.values()) & set(_record(out)), "the record forgets them"
    assert "ignored" not in run_sheets("build", catalog, "-o", out).stderr


@pytest.mark.parametrize(
    "name",
    ["sheets/0750-tour-eiffel.pdf", "medailles-commemoratives.pdf"],
    ids=["sheet", "brochure"],
)
@pytest.mark.parametrize(
    "content", [b"the customer's notes", b"%PDF-1.4 a quote"], ids=["text", "pdf"]
)
def test_a_file_of_the_users_in_the_way_of_an_output_is_not_overwritten(tmp_path, name, content):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    (out / "sheets").mkdir(parents=True)
    (out / name).write_bytes(content)
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{out / name}: error: a file of this name is already there, and sheets did not write "
        "it: the build does not overwrite it\n"
        "    hint: move or rename that file, or build into another folder (-o)\n"
        f"{catalog}: 1 error\n"
    )
    assert (out / name).read_bytes() == content
    assert outputs(out) == [out / name], "nothing was written"


def test_a_pdf_of_sheets_whose_record_was_lost_is_taken_over(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    (out / ".sheets" / "outputs.json").unlink()
    write_catalog(tmp_path, lambda data: data["products"][1].update(price="1 500,00"))
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    sheet = out / "sheets" / "0750-tour-eiffel.pdf"
    assert "1 500,00 €" in text_of(sheet)
    assert _record(out)["sheets/0750-tour-eiffel.pdf"]["sha256"] == (
        hashlib.sha256(sheet.read_bytes()).hexdigest()
    )


def test_two_catalogs_built_into_one_folder_keep_each_others_outputs(tmp_path):
    def coins(data):
        data["catalog"]["title"] = "Pièces"
        for number, product in enumerate(data["products"]):
            product["reference"] = f"P{number}"

    medals = write_catalog(tmp_path / "medals")
    out = tmp_path / "out"
    assert run_sheets("build", medals, "-o", out).exit_code == 0
    coins_catalog = write_catalog(tmp_path / "coins", coins)
    result = run_sheets("build", coins_catalog, "-o", out)
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output
    assert len(outputs(out)) == 8, "both brochures and their six sheets"
    write_catalog(tmp_path / "medals", lambda data: data["products"][1].update(title="La tour"))
    result = run_sheets("build", medals, "-o", out)
    assert "removed 1 outdated file" in result.output
    assert not (out / "sheets" / "0750-tour-eiffel.pdf").exists()
    assert (out / "sheets" / "P1-tour-eiffel.pdf").is_file()
    catalogs = {entry["catalog"] for entry in _record(out).values()}
    assert catalogs == {"../medals/catalog.yaml", "../coins/catalog.yaml"}


def test_a_file_another_catalogs_build_wrote_is_replaced_with_a_warning(tmp_path):
    medals = write_catalog(tmp_path / "medals")
    out = tmp_path / "out"
    assert run_sheets("build", medals, "-o", out).exit_code == 0
    copy = write_catalog(tmp_path / "copy")  # the same products, the same file names
    result = run_sheets("build", copy, "-o", out)
    assert result.exit_code == 0, result.output
    sheet = out / "sheets" / "0750-tour-eiffel.pdf"
    assert f"{sheet}: warning: written by the build of ../medals/catalog.yaml: replaced" in (
        result.stderr
    )
    assert _record(out)["sheets/0750-tour-eiffel.pdf"]["catalog"] == "../copy/catalog.yaml"


# -- all at once ---------------------------------------------------------------------------


def test_a_folder_in_the_place_of_an_output_stops_the_build_before_anything_is_written(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    (out / "medailles-commemoratives.pdf").unlink()
    (out / "medailles-commemoratives.pdf").mkdir()
    files = [*(path for path in outputs(out) if path.is_file()), out / ".sheets" / "outputs.json"]
    before = {path: path.read_bytes() for path in files}
    names = outputs(out)
    write_catalog(tmp_path, lambda data: data["products"][1].update(title="La tour"))
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{out / 'medailles-commemoratives.pdf'}: error: cannot write the PDFs: a folder is in "
        "its place\n"
    )
    assert outputs(out) == names, "no sheet renamed or removed"
    assert {path: path.read_bytes() for path in files} == before, "the record as it was"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_that_may_not_be_written_stops_the_build_naming_the_output(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    write_catalog(tmp_path, lambda data: data["products"][1].update(title="La tour"))
    (out / "sheets").chmod(0o555)
    try:
        result = run_sheets("build", catalog, "-o", out)
    finally:
        (out / "sheets").chmod(0o755)
    assert result.exit_code == 2
    sheet = out / "sheets" / "0750-la-tour.pdf"
    assert f"{sheet}: error: cannot write the PDFs: Permission denied" in result.stderr
    assert not sheet.exists()
