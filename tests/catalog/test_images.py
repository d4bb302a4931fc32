"""The photos a catalog names, checked before anything is drawn (images.py, products.py): a path
with a control character, a decompression bomb, a link leading out of the folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

import sheets.catalog.images

from support import run_sheets, write_catalog, write_image

CONTROL_CHARACTER_HINT = (
    "remove the escape that writes it (such as \\a, \\e, \\0 or \\x07); in a path, "
    "separate folders with '/': in double quotes, '\\' starts an escape"
)


def write_with_image_paths(folder: Path, paths: list[str]) -> Path:
    """The base catalog, the second product's images replaced by `paths` as YAML writes them
    (a NUL as the escape \\0): no file could be written under such a name."""
    catalog = write_catalog(folder)
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    data["products"][1]["images"] = paths
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return catalog


@pytest.mark.parametrize(
    ("written", "escaped", "shown"),
    [
        ("images/a\u0000.jpg", '"images/a\\0.jpg"', "U+0000"),
        ("images/a\u0007b.jpg", '"images/a\\ab.jpg"', "U+0007"),
    ],
    ids=["nul", "bell"],
)
def test_an_image_path_with_a_control_character_is_an_error_not_a_crash(
    tmp_path, written, escaped, shown
):
    catalog = write_with_image_paths(tmp_path, [written])
    lines = catalog.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if escaped in text)
    column = lines[line - 1].index("\\") + 1  # the escape's place
    result = run_sheets("check", catalog)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert (
        f"{catalog}:{line}:{column}: error: the text holds the control character {shown}, which "
        "cannot be printed\n"
        f"    hint: {CONTROL_CHARACTER_HINT}\n"
    ) in result.stderr
    assert result.stderr.endswith(f"{catalog}: 1 error, 0 warnings\n")


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    catalog = write_catalog(tmp_path)
    write_image(tmp_path / "images" / "0750.jpg", size=1200)
    monkeypatch.setattr(sheets.catalog.images, "MAX_PIXELS", 1000 * 1000)
    sheets.catalog.images.forget_checked()
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "is 1200×1200 px" in result.output
    assert not (tmp_path / "out").exists()


def test_image_through_a_symlink_leaving_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    write_image(outside / "secret.jpg")
    shop = tmp_path / "shop"
    catalog = write_catalog(shop)
    (shop / "images" / "0750.jpg").unlink()
    (shop / "images" / "0750.jpg").symlink_to(outside / "secret.jpg")
    result = run_sheets("build", catalog, "-o", shop / "out")
    assert result.exit_code == 2
    assert "image 'images/0750.jpg' is outside the catalog's folder" in result.output


def test_a_loop_of_links_among_the_folders_is_an_error_not_a_crash(tmp_path):
    def through_the_loop(data):
        data["products"][0]["images"] = [{"file": "images/loop/x.jpg", "alt": "x"}]

    catalog = write_catalog(tmp_path, through_the_loop)
    shutil.rmtree(tmp_path / "images" / "loop")  # the photo written there, a loop instead
    (tmp_path / "images" / "loop").symlink_to("loop")
    result = run_sheets("check", catalog)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "images/loop/x.jpg" in result.output


def test_an_image_the_build_may_not_read_is_named_as_such(tmp_path, monkeypatch):
    catalog = write_catalog(tmp_path)
    photo = tmp_path / "images" / "0750.jpg"
    sheets.catalog.images.forget_checked()
    if os.geteuid() == 0:  # root reads any file: the refusal is the file system's answer
        read = Path.read_bytes

        def refuse(path):
            if path == photo:
                raise PermissionError(13, "Permission denied", str(path))
            return read(path)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    else:
        photo.chmod(0)
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert (
        "error: product 0750: image 'images/0750.jpg' cannot be read: permission denied\n"
        "    hint: let the build read it (chmod a+r) and open its folders (chmod a+x)"
    ) in result.output
    sheets.catalog.images.forget_checked()


def test_an_image_name_too_long_for_the_file_system_is_an_error_at_its_line(tmp_path):
    long_name = "images/" + "é" * 200 + ".jpg"  # 400 bytes: ENAMETOOLONG, whatever the system
    catalog = write_with_image_paths(tmp_path, [long_name])
    lines = catalog.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "éé" in text)
    column = lines[line - 1].index("images/") + 1
    result = run_sheets("check", catalog)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert (
        f"{catalog}:{line}:{column}: error: product 0750: image 'images/{'é' * 37}…{'é' * 11}.jpg' cannot be "
        "read: a name in its path is longer than the file system allows (255 bytes; an accented "
        "letter takes 2)\n"
        "    hint: give the file or its folder a shorter name\n"
    ) in result.stderr
    assert result.stderr.endswith(f"{catalog}: 1 error, 0 warnings\n")


def test_an_image_in_a_folder_the_build_may_not_open_is_named_as_such(tmp_path, monkeypatch):
    catalog = write_with_image_paths(tmp_path, ["images/private/0750.jpg"])
    private = tmp_path / "images" / "private"
    write_image(private / "0750.jpg")
    if os.geteuid() == 0:  # root opens any folder: the refusal is the file system's answer
        stat = Path.stat

        def refuse(path, *args, **kwargs):
            if private in Path(path).parents:
                raise PermissionError(13, "Permission denied", str(path))
            return stat(path, *args, **kwargs)

        monkeypatch.setattr(Path, "stat", refuse)
    else:
        private.chmod(0)
    try:
        result = run_sheets("check", catalog)
    finally:
        private.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert (
        "error: product 0750: image 'images/private/0750.jpg' cannot be read: permission denied\n"
        "    hint: let the build read it (chmod a+r) and open its folders (chmod a+x)\n"
    ) in result.stderr


def test_a_photo_is_decoded_whole_once_while_it_keeps_its_stamp(tmp_path, monkeypatch):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    decoded = []
    decode = sheets.catalog.images._decoded

    def counted(path):
        decoded.append(path.name)
        return decode(path)

    monkeypatch.setattr(sheets.catalog.images, "_decoded", counted)

    def build_anew(*options):
        """A build in a process of its own: nothing remembered but what the folder holds."""
        sheets.catalog.images.forget_checked()
        decoded.clear()
        assert run_sheets("build", catalog, "-o", out, *options).exit_code in (0, 1)
        return sorted(decoded)

    photos = sorted(path.name for path in (tmp_path / "images").iterdir())
    assert build_anew() == photos
    catalog.write_text(catalog.read_text("utf-8").replace("41 mm", "42 mm"), "utf-8")
    assert build_anew() == []  # the catalog changed, its photos did not
    write_image(tmp_path / "images" / photos[0], color=(20, 40, 60))  # a new photo, same name
    assert build_anew() == photos[:1]
    assert build_anew("--fresh") == photos
    # A record that does not read as one is passed over: the photo is decoded again.
    record = out / ".sheets" / "photos.json"
    kept = json.loads(record.read_text("utf-8"))
    found = kept["photos"]
    first = next(path for path in found if path.endswith(photos[0]))
    kept["photos"] = {**found, first: [1, 2, {}]}
    record.write_text(json.dumps(kept), "utf-8")
    catalog.write_text(catalog.read_text("utf-8").replace("42 mm", "43 mm"), "utf-8")
    assert build_anew() == photos[:1]
    # What another version of the tool found is not taken: its checks may have been others.
    kept = json.loads(record.read_text("utf-8"))
    record.write_text(json.dumps({**kept, "tool": "another"}), "utf-8")
    catalog.write_text(catalog.read_text("utf-8").replace("43 mm", "44 mm"), "utf-8")
    assert build_anew() == photos


def test_a_truncated_photo_in_place_of_a_checked_one_is_refused(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code in (0, 1)
    sheets.catalog.images.forget_checked()
    photo = tmp_path / "images" / "0750.jpg"
    photo.write_bytes(photo.read_bytes()[:2000])
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 2
    assert "image 'images/0750.jpg' is damaged or truncated" in result.output


@pytest.mark.parametrize(
    "damage",
    [{"width": 0}, {"width": "1200"}, {"height": None}, {"format": ["JPEG"]}, {"keyed": 1}],
    ids=["zero width", "width as text", "no height", "format a list", "keyed a number"],
)
def test_a_record_of_a_checked_photo_damaged_into_other_values_is_not_believed(
    tmp_path, monkeypatch, damage
):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code in (0, 1)
    record = out / ".sheets" / "photos.json"
    kept = json.loads(record.read_text("utf-8"))
    found = {path: [*stamp, {**info, **damage}] for path, (*stamp, info) in kept["photos"].items()}
    record.write_text(json.dumps({**kept, "photos": found}), "utf-8")
    sheets.catalog.images.forget_checked()
    decoded = []
    decode = sheets.catalog.images._decoded
    monkeypatch.setattr(
        sheets.catalog.images, "_decoded", lambda path: decoded.append(path) or decode(path)
    )
    catalog.write_text(catalog.read_text("utf-8").replace("41 mm", "42 mm"), "utf-8")
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert len(decoded) == len(found)  # each photo decoded again, as with no record
