"""Multilingual catalogs: one file, an edition per locale, and what is missing said plainly."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from sheets.catalog.load import load_catalog
from sheets.cli import main

from catalogs import write_catalog


def bilingual(data, locales=("fr_FR", "en_GB")):
    head = data["catalog"]
    head["locales"] = list(locales)
    head["title"] = {"fr": "Médailles commémoratives", "en": "Commemorative medals"}
    head["spec_labels"] = {"Métal": {"en": "Metal"}, "Diamètre": {"en": "Diameter"}}
    data["categories"][0]["title"] = {"fr": "Histoire de France", "en": "French history"}
    product = data["products"][0]
    product["title"] = {"fr": "La Libération de Paris", "en": "The Liberation of Paris"}
    product["specs"]["Métal"] = {"fr": "métaux communs", "en": "base metals"}
    product["description"] = {
        "fr": "Le 25 août au matin, Paris se réveille.\n\nLes chars entrent dans Paris.",
        "en": "On the morning of 25 August, Paris wakes up.\n\nThe tanks roll into Paris.",
    }


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def text_of(pdf: Path) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_build_writes_one_edition_per_locale_with_the_locale_in_file_names(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    result = run("build", str(catalog), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").rglob("*.pdf"))
    assert "7505634-la-liberation-de-paris.fr_FR.pdf" in names
    assert "7505634-the-liberation-of-paris.en_GB.pdf" in names
    assert (
        "medailles-commemoratives.fr_FR.pdf" in names and "commemorative-medals.en_GB.pdf" in names
    )
    assert len(names) == 8  # 3 sheets and a brochure, twice


def test_the_english_sheet_is_in_english_with_english_prices_and_dates(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    run(
        "build", str(catalog), "-o", str(tmp_path / "out"), "--locale", "en_GB", "--only", "7505634"
    )
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


def test_the_same_price_reads_the_way_each_locale_writes_it(tmp_path):
    prices = {}
    for locale in ("fr_FR", "en_US"):
        catalog = write_catalog(
            tmp_path / locale, lambda data, loc=locale: bilingual(data, ("fr_FR", loc))
        )
        run(
            "build",
            str(catalog),
            "-o",
            str(tmp_path / locale / "out"),
            "--locale",
            locale,
            "--only",
            "7505634",
        )
        (sheet,) = (tmp_path / locale / "out" / "sheets").iterdir()
        prices[locale] = text_of(sheet)
    assert "17,80 €" in prices["fr_FR"].replace("\u00a0", " ").replace("\u202f", " ")
    assert "€17.80" in prices["en_US"]
    assert "8 août 2017" in prices["fr_FR"].replace("\u00a0", " ")
    assert "August 8, 2017" in prices["en_US"]


def test_a_missing_translation_falls_back_with_a_warning_naming_product_and_field(tmp_path):
    def half_translated(data):
        bilingual(data)
        data["products"][1]["title"] = "Tour Eiffel"  # French only

    catalog = write_catalog(tmp_path, half_translated)
    english, problems = load_catalog(catalog, "en_GB")
    assert english.products[1].title == "Tour Eiffel"
    messages = [str(p) for p in problems]
    assert any(
        "warning: product 0750: 'title' has no en_GB text: the fr_FR text is used" in m
        for m in messages
    )
    _, problems = load_catalog(catalog, "fr_FR")
    assert not any("has no" in str(p) for p in problems), (
        "nothing is missing in the catalog's own language"
    )


def test_check_reports_translation_coverage_per_locale(tmp_path):
    def half_translated(data):
        bilingual(data, ("fr_FR", "en_GB", "de_DE"))
        data["products"][1]["title"] = "Tour Eiffel"

    catalog = write_catalog(tmp_path, half_translated)
    result = run("check", str(catalog))
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
    result = run("check", str(catalog))
    assert result.exit_code == 0, result.output
    assert "en_GB: every text translated" in result.output


def test_building_a_locale_the_catalog_does_not_publish_is_an_error(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    result = run("build", str(catalog), "-o", str(tmp_path / "out"), "--locale", "de_DE")
    assert result.exit_code == 2
    assert "the catalog does not publish de_DE" in result.output
    assert "publish it by adding it to 'locales' (now: fr_FR, en_GB)" in result.output
    assert not (tmp_path / "out").exists()


def test_a_text_without_the_catalogs_own_language_is_an_error(tmp_path):
    def english_only(data):
        bilingual(data)
        data["products"][1]["title"] = {"en": "Eiffel Tower"}

    catalog = write_catalog(tmp_path, english_only)
    result = run("check", str(catalog))
    assert result.exit_code == 2
    assert (
        "product 0750: 'title' in the product has no text in the catalog's language (fr_FR)"
        in result.output
    )
    assert "hint: add a line 'fr: …' under 'title'" in result.output


def test_an_unknown_language_code_is_an_error(tmp_path):
    def typo(data):
        bilingual(data)
        data["products"][1]["title"] = {"fr": "Tour Eiffel", "eng": "Eiffel Tower"}

    catalog = write_catalog(tmp_path, typo)
    result = run("check", str(catalog))
    assert result.exit_code == 2
    assert "'eng' in 'title' of the product is not a language code" in result.output


def test_a_single_language_catalog_keeps_plain_file_names(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run("build", str(catalog), "-o", str(tmp_path / "out")).exit_code == 0
    assert (tmp_path / "out" / "medailles-commemoratives.pdf").is_file()


def test_email_in_english(tmp_path):
    def with_contact(data):
        bilingual(data)
        data["catalog"]["contact"] = {"email": "contact@example.fr"}

    catalog = write_catalog(tmp_path, with_contact)
    result = run(
        "email",
        "7505634",
        "--to",
        "a@example.com",
        "--catalog",
        str(catalog),
        "-o",
        str(tmp_path / "m"),
        "--locale",
        "en_GB",
    )
    assert result.exit_code == 0, result.output
    import email
    import email.policy

    (eml,) = (tmp_path / "m").iterdir()
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "The Liberation of Paris: your product sheet"
    assert message["Content-Language"] == "en-GB"
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "7505634-the-liberation-of-paris.pdf"


def test_the_first_of_the_month_is_an_ordinal_in_french():
    from datetime import date

    from sheets.i18n.formats import format_long_date

    assert format_long_date(date(2026, 11, 1), "fr_FR") == "1er novembre 2026"
    assert format_long_date(date(2026, 11, 11), "fr_FR") == "11 novembre 2026"
    assert format_long_date(date(2026, 11, 1), "en_GB") == "1 November 2026"


def test_a_language_pyphen_cannot_hyphenate_builds_unhyphenated(tmp_path):
    def japanese(data):
        data["catalog"]["locale"] = "ja_JP"
        data["catalog"]["currency"] = "JPY"
        for product in data["products"]:
            product["price"] = "1780"
            product.pop("updated", None)

    catalog = write_catalog(tmp_path, japanese)
    result = run("build", str(catalog), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_building_one_locale_removes_only_that_editions_outdated_sheets(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    assert run("build", str(catalog), "-o", str(tmp_path / "out")).exit_code == 0

    def renamed(data):
        bilingual(data)
        data["products"][0]["title"]["en"] = "Paris Liberated"

    write_catalog(tmp_path, renamed)
    result = run("build", str(catalog), "-o", str(tmp_path / "out"), "--locale", "en_GB")
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out" / "sheets").iterdir()}
    assert "7505634-paris-liberated.en_GB.pdf" in names
    assert "7505634-the-liberation-of-paris.en_GB.pdf" not in names
    assert "7505634-la-liberation-de-paris.fr_FR.pdf" in names, "the French edition is left alone"
