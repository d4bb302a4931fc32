"""Small catalogs written on the fly: a valid base, with whatever a test changes."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

LIBERATION = """1er août 1944 : la défaite allemande se précise de jour en jour. En Normandie, le front
allemand cède ; la 2e division blindée du général Leclerc débarque à Utah Beach.

Le 25 août au matin, Paris se réveille. Les chars de la 2e DB entrent par la porte d'Orléans, et
le général von Choltitz signe la reddition de la garnison à la gare Montparnasse."""

BASE = {
    "catalog": {
        "title": "Médailles commémoratives",
        "subtitle": "Histoire et patrimoine",
        "publisher": "Trésor du patrimoine",
        "edition": "Édition d'essai",
        "locale": "fr_FR",
        "currency": "EUR",
        "url": "https://www.example.fr",
    },
    "categories": [
        {"id": "histoire", "title": "Histoire de France", "intro": "Les grandes dates."},
        {"id": "patrimoine", "title": "Patrimoine", "intro": "Les monuments."},
    ],
    "products": [
        {
            "reference": "7505634",
            "title": "La Libération de Paris",
            "category": "histoire",
            "price": "17,80",
            "updated": "08/08/2017",
            "url": "https://www.example.fr/7505634",
            "specs": {
                "Métal": "métaux communs",
                "Diamètre": "41 mm",
                "Poids": "31 g",
                "Tranche": "cannelée",
                "Présentation": "sous capsule",
            },
            "images": ["images/7505634.jpg"],
            "description": LIBERATION,
        },
        {
            "reference": "0750",
            "title": "Tour Eiffel",
            "category": "patrimoine",
            "price": "1 299,00",
            "updated": "2020-05-01",
            "specs": {"Métal": "argent 999"},
            "images": ["images/0750.jpg"],
            "description": "La dame de fer, 1889.\n\nTrois cents mètres de fer puddlé.",
        },
        {
            "reference": "7510001",
            "title": "Le sacre de Napoléon",
            "category": "histoire",
            "price": "45,00",
            "images": ["images/7510001.jpg"],
            "description": "Le 2 décembre 1804, à Notre-Dame.",
        },
    ],
}


def write_image(path: Path, size: int = 600, color=(150, 120, 80)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (size, size), (236, 230, 220))
    ImageDraw.Draw(image).ellipse((size // 8, size // 8, size * 7 // 8, size * 7 // 8), fill=color)
    image.save(path, quality=85)


def write_catalog(folder: Path, change=None) -> Path:
    """Write the base catalog (after `change(data)` edits it) and its images into `folder`."""
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    for product in data["products"]:
        for image in product.get("images", []):
            if not (folder / image).exists():
                write_image(folder / image)
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


FRENCH_WORDS = (
    "la libération de Paris commence par une insurrection des policiers parisiens puis les "
    "barricades se dressent dans les arrondissements tandis que la deuxième division blindée "
    "avance depuis Rambouillet vers la capitale où la population accueille les libérateurs avec "
    "une joie indescriptible malgré les combats acharnés qui durent plusieurs journées"
).split()


def long_description(paragraphs: int = 14, words_per_paragraph: int = 110, seed: int = 7) -> str:
    """Real French words in a shuffled order: a text long enough to need continuation pages."""
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(FRENCH_WORDS) for _ in range(words_per_paragraph)) + "."
        for _ in range(paragraphs)
    )
