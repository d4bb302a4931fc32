"""The staff's search box: what each query finds, and in which order."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets.model import Catalog
from sheets.pipeline import check_catalog
from sheets.serve.search import MAX_TERMS, SearchIndex, fold

from support import SAMPLE, write_catalog


def checked(path: Path) -> Catalog:
    catalog, problems = check_catalog(path)
    assert catalog is not None, [str(p) for p in problems]
    return catalog


@pytest.fixture(scope="module")
def sample() -> SearchIndex:
    return SearchIndex(checked(SAMPLE))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> SearchIndex:
    """support's base catalog: 7505634 La Libération de Paris and 7510001 Le sacre de Napoléon
    (Histoire de France), 0750 Tour Eiffel (Patrimoine, in argent 999)."""
    return SearchIndex(checked(write_catalog(tmp_path_factory.mktemp("shop"))))


def references(index: SearchIndex, query: str, **options) -> list[str]:
    return [product.reference for product in index.find(query, **options)]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("LIBÉRATION", "liberation"),
        ("Œuvre, cœur, ex æquo", "oeuvre, coeur, ex aequo"),
        ("Straße", "strasse"),
        ("l’appel du 18 juin", "l'appel du 18 juin"),
        ("5\u202f000\u00a0exemplaires", "5 000 exemplaires"),
        ("Notre‑Dame – Paris", "notre-dame - paris"),
        ("ﬁn", "fin"),
        ("0750123", "0750123"),
    ],
)
def test_fold_ignores_accents_case_ligatures_and_typographic_variants(text, folded):
    assert fold(text) == folded


def test_a_title_word_is_found_without_its_accents(sample):
    assert [p.title for p in sample.find("liberation")] == ["La Libération de Paris"]


def test_a_title_word_is_found_in_capitals_with_its_accents(sample):
    assert references(sample, "LIBÉRATION") == references(sample, "liberation") == ["7505634"]


def test_a_reference_is_found_by_its_beginning_leading_zero_kept(sample):
    found = sample.find("0750")
    assert [p.reference for p in found] == ["0750123"]
    assert found[0].title == "La Prise de la Bastille"


def test_a_typographic_apostrophe_is_found_by_a_typed_one(sample):
    assert "L’Appel du 18 juin 1940" in [p.title for p in sample.find("l'appel")]


def test_every_term_must_match(base):
    assert references(base, "liberation paris") == ["7505634"]
    assert references(base, "paris napoleon") == []


def test_a_spec_value_is_found(base):
    assert references(base, "argent") == ["0750"]
    assert references(base, "cannelee") == ["7505634"]


def test_a_category_is_found_by_its_title_and_its_id(base):
    assert references(base, "Histoire de France") == ["7505634", "7510001"]
    assert references(base, "patrimoine") == ["0750"]


def test_descriptions_and_spec_labels_are_not_searched(base):
    assert references(base, "puddle") == []  # Tour Eiffel's description: "fer puddlé"
    assert references(base, "diametre") == []  # a label, its value 41 mm


def test_a_variant_is_found_by_its_reference(tmp_path):
    def with_variants(data):
        data["products"][1]["variants"] = [
            {"reference": "EIF-ARG", "Métal": "argent"},
            {"reference": "EIF-OR", "Métal": "or"},
        ]

    index = SearchIndex(checked(write_catalog(tmp_path, with_variants)))
    assert references(index, "eif-or") == ["0750"]


def test_an_exact_reference_comes_first_then_a_reference_begun_then_titles(tmp_path):
    def competing(data):
        data["products"][0]["title"] = "La Libération de Paris, 0750 exemplaires"
        data["products"][2]["reference"] = "07501"

    index = SearchIndex(checked(write_catalog(tmp_path, competing)))
    # In the catalog's order: the title that holds it, the exact reference, the one it begins.
    assert references(index, "0750") == ["0750", "07501", "7505634"]


def test_title_matches_come_before_other_matches_catalog_order_kept(tmp_path):
    def paris_elsewhere(data):
        data["products"][0]["title"] = "Le 25 août 1944"
        data["products"][0]["subtitle"] = "La Libération de Paris"
        data["products"][2]["title"] = "Le sacre de Napoléon à Paris"

    index = SearchIndex(checked(write_catalog(tmp_path, paris_elsewhere)))
    assert references(index, "paris") == ["7510001", "7505634"]
    assert references(index, "1944 paris") == ["7505634"]


def test_the_limit_keeps_the_best(sample):
    everything = references(sample, "bronze", limit=1000)
    assert len(everything) > 3
    assert references(sample, "bronze", limit=3) == everything[:3]


@pytest.mark.parametrize("query", ["", "   ", "\u00a0\u202f"])
def test_an_empty_query_finds_nothing(sample, query):
    assert sample.find(query) == []


def test_terms_past_the_first_sixteen_are_not_looked_for(base):
    sixteen = ["liberation"[:n] for n in range(1, 11)] + ["paris"[:n] for n in range(1, 6)] + ["de"]
    assert len(set(sixteen)) == MAX_TERMS == 16
    assert references(base, " ".join([*sixteen, "napoleon"])) == ["7505634"]
    assert references(base, " ".join([*sixteen[1:], "napoleon"])) == []
    assert references(base, "liberation " * 100) == ["7505634"]  # one term, repeated


def test_categories_list_the_products_in_the_catalogs_order(sample):
    catalog = sample.catalog
    browsed = sample.categories()
    assert [category for category, _ in browsed] == list(catalog.categories)
    assert [p for _, products in browsed for p in products] == sorted(
        catalog.products, key=lambda p: [c.id for c in catalog.categories].index(p.category)
    )
    assert all(p.category == category.id for category, products in browsed for p in products)


def test_a_category_without_products_is_not_browsed(tmp_path):
    def empty_category(data):
        data["categories"].append({"id": "vide", "title": "Bientôt"})

    index = SearchIndex(checked(write_catalog(tmp_path, empty_category)))
    assert [category.id for category, _ in index.categories()] == ["histoire", "patrimoine"]
