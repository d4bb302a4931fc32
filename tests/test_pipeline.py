"""`sheets build` as a whole (pipeline.py): what a build writes and what it refuses to write,
--only, the same bytes at every build, an edition per locale, and the translations `sheets check`
reports for each."""

from __future__ import annotations

from pypdf import PdfReader

from support import bilingual, outputs, run_sheets, text_of, write_catalog

# -- the base catalog ----------------------------------------------------------------------


def test_build_writes_one_named_sheet_per_product_and_the_brochure(built):
    out, result = built
    assert sorted(p.name for p in (out / "sheets").iterdir()) == [
        "0750-tour-eiffel.pdf",
        "7505634-la-liberation-de-paris.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]
    assert (out / "medailles-commemoratives.pdf").is_file()
    assert "Built 3 sheets (3 pages" in result.output
    assert not list(out.rglob(".*.tmp")), "no temporary file is left behind"


def test_bad_catalog_writes_nothing(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["products"][0].update(price="17,8O"))
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "'price' '17,8O' is not a price in fr_FR" in result.output
    assert not (tmp_path / "out").exists()


def test_only_builds_just_the_named_sheets(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750,7510001")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in outputs(tmp_path / "out")) == [
        "0750-tour-eiffel.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]


def test_only_with_an_unknown_reference_suggests_the_closest(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505643")
    assert result.exit_code == 2
    assert "no product has the reference '7505643'" in result.output
    assert "did you mean 7505634?" in result.output


def test_two_builds_are_byte_identical(tmp_path):
    catalog = write_catalog(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    for out in ("a", "b"):
        assert run_sheets("build", catalog, "-o", tmp_path / out, env=env).exit_code == 0
    first = sorted(outputs(tmp_path / "a"))
    assert len(first) == 4
    for pdf in first:
        twin = tmp_path / "b" / pdf.relative_to(tmp_path / "a")
        assert pdf.read_bytes() == twin.read_bytes(), pdf.name
    assert PdfReader(first[0]).metadata["/CreationDate"].startswith("D:20231114")


# -- an edition per locale -----------------------------------------------------------------


def test_build_writes_one_edition_per_locale_with_the_locale_in_file_names(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in outputs(tmp_path / "out"))
    assert "7505634-la-liberation-de-paris.fr_FR.pdf" in names
    assert "7505634-the-liberation-of-paris.en_GB.pdf" in names
    assert (
        "medailles-commemoratives.fr_FR.pdf" in names and "commemorative-medals.en_GB.pdf" in names
    )
    assert len(names) == 8  # 3 sheets and a brochure, twice


def test_the_english_sheet_is_in_english_with_english_prices_and_dates(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    run_sheets("build", catalog, "-o", tmp_path / "out", "--locale", "en_GB", "--only", "7505634")
    english = text_of(tmp_path / "out" / "sheets" / "7505634-the-liberation-of-paris.en_GB.pdf")
    for expected in [
        "The Liberation of Paris",
        "FRENCH HISTORY",
        "PRICE",
        "€17.80",
        "METAL",
        "base metals",
        "DIAMETER",
        "Updated 8 August 2017",
        "On the morning of 25 August, Paris wakes up.",
    ]:
        assert expected in english, expected
    assert "Libération" not in english
    reader = PdfReader(tmp_path / "out" / "sheets" / "7505634-the-liberation-of-paris.en_GB.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "The Liberation of Paris"


def test_building_a_locale_the_catalog_does_not_publish_is_an_error(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--locale", "de_DE")
    assert result.exit_code == 2
    assert "the catalog does not publish de_DE" in result.output
    assert "publish it by adding it to 'locales' (now: fr_FR, en_GB)" in result.output
    assert not (tmp_path / "out").exists()


def test_a_locale_not_published_is_one_error_not_drowned_in_warnings(tmp_path):
    catalog = write_catalog(tmp_path)  # French only, its texts untranslated
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--locale", "en_GB")
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == [
        "    hint: publish it by adding it to 'locales' (now: fr_FR)",
        f"{catalog}: 1 error",
    ]
    assert "error: the catalog does not publish en_GB" in result.output.splitlines()[0]


def test_a_failed_build_counts_its_warnings_instead_of_listing_them(tmp_path):
    def one_error(data):
        data["products"][0]["price"] = "douze"
        data["products"][1]["description"] = ""  # a warning

    catalog = write_catalog(tmp_path, one_error)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "warning:" not in result.output
    assert result.output.endswith(f"{catalog}: 1 error, 1 warning (listed by sheets check)\n")


def test_an_unknown_locale_is_named_as_such(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--locale", "xx_YY")
    assert result.exit_code == 2
    assert result.output == (
        "sheets: error: --locale 'xx_YY' is not a locale\n"
        "    hint: give a language and country code such as fr_FR or en_GB\n"
        f"{catalog}: 1 error\n"
    )


def test_check_reports_translation_coverage_per_locale(tmp_path):
    def half_translated(data):
        bilingual(data, ("fr_FR", "en_GB", "de_DE"))
        data["products"][1]["title"] = "Tour Eiffel"

    catalog = write_catalog(tmp_path, half_translated)
    result = run_sheets("check", catalog)
    assert result.exit_code == 0, result.output
    assert "en_GB: " in result.output and "de_DE: " in result.output
    assert "product 0750: 'title' has no en_GB text" in result.output
    assert "product 7505634: 'title' has no de_DE text" in result.output
    english_line = next(line for line in result.output.splitlines() if line.startswith("en_GB: "))
    assert english_line.startswith("en_GB: ") and "missing, shown in fr_FR" in english_line


def test_fully_translated_locale_is_reported_complete(tmp_path):
    def complete(data):
        bilingual(data)
        for product in data["products"][1:]:
            product["title"] = {"fr": product["title"], "en": product["title"] + " (EN)"}
            product["description"] = {"fr": product["description"], "en": "In English."}
            for image in product["images"]:
                image["alt"] = {"fr": image["alt"], "en": image["alt"] + " (EN)"}
            product["specs"] = {
                label: {"fr": v, "en": v} for label, v in product.get("specs", {}).items()
            }
        for category in data["categories"]:
            if isinstance(category["title"], str):
                category["title"] = {"fr": category["title"], "en": category["title"]}
            category["intro"] = {"fr": category["intro"], "en": category["intro"]}
        data["catalog"]["subtitle"] = {
            "fr": data["catalog"]["subtitle"],
            "en": "History and heritage",
        }
        data["catalog"]["edition"] = {"fr": data["catalog"]["edition"], "en": "Trial edition"}
        data["products"][0]["specs"] = {
            k: v if isinstance(v, dict) else {"fr": v, "en": v}
            for k, v in data["products"][0]["specs"].items()
        }
        data["catalog"]["spec_labels"].update(
            {label: {"en": label} for label in ("Poids", "Tranche", "Présentation")}
        )

    catalog = write_catalog(tmp_path, complete)
    result = run_sheets("check", catalog)
    assert result.exit_code == 0, result.output
    assert "en_GB: every text translated" in result.output
