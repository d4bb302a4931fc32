"""What the tests share: catalogs written on the fly, one way to run the `sheets` command, and
readers for the PDFs it makes. Importable from every test folder (`pythonpath` in
pyproject.toml); no test module imports another."""

from __future__ import annotations

import copy
import email
import email.policy
import hashlib
import io
import random
import re
import shutil
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import trustme
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner, Result
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4 as A4_SIZE
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from sheets.catalog.load import load_catalog
from sheets.cli import main
from sheets.model import ThemeSettings
from sheets.preflight.report import Finding
from sheets.style.theme import make_theme

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the repository: the sample catalog.yaml, README.md, babel.cfg
SAMPLE = ROOT / "catalog.yaml"  # the sample catalog, with its photos in ROOT / "images"
FIXTURES = TESTS / "fixtures"
PHOTO = FIXTURES / "images" / "7505634.jpg"  # a real photo of the founding product
A4 = (595.28, 841.89)  # in points, as a PDF's MediaBox gives it
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # a fixed date: the same PDF bytes at every build


# -- the `sheets` command -------------------------------------------------------------------


def run_sheets(*args: object, env: dict[str, str] | None = None) -> Result:
    """`sheets ARGS…` run in this process (each argument as str()), with `env` set meanwhile."""
    return CliRunner().invoke(main, [str(arg) for arg in args], env=env)


def assert_refused_without_traceback(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# -- a catalog as data: three products in two categories, with generated photos -------------

LIBERATION = """1er août 1944 : la défaite allemande se précise de jour en jour. En Normandie, le front
allemand cède ; la 2e division blindée du général Leclerc débarque à Utah Beach.

Le 25 août au matin, Paris se réveille. Les chars de la 2e DB entrent par la porte d'Orléans, et
le général von Choltitz signe la reddition de la garnison à la gare Montparnasse."""

BASE_DATA = {
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
            "images": [{"file": "images/7505634.jpg", "alt": "Médaille à la croix de Lorraine"}],
            "description": LIBERATION,
        },
        {
            "reference": "0750",
            "title": "Tour Eiffel",
            "category": "patrimoine",
            "price": "1 299,00",
            "updated": "2020-05-01",
            "specs": {"Métal": "argent 999"},
            "images": [{"file": "images/0750.jpg", "alt": "Médaille à la tour Eiffel"}],
            "description": "La dame de fer, 1889.\n\nTrois cents mètres de fer puddlé.",
        },
        {
            "reference": "7510001",
            "title": "Le sacre de Napoléon",
            "category": "histoire",
            "price": "45,00",
            "images": [{"file": "images/7510001.jpg", "alt": "Médaille au profil de Napoléon"}],
            "description": "Le 2 décembre 1804, à Notre-Dame.",
        },
    ],
}


def write_image(path: Path, size: int = 900, color=(150, 120, 80)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (size, size), (236, 230, 220))
    ImageDraw.Draw(image).ellipse((size // 8, size // 8, size * 7 // 8, size * 7 // 8), fill=color)
    image.save(path, quality=85)


def write_image_of_length(path: Path, length: int, color=(150, 120, 80)) -> None:
    """A photo like write_image's, its file `length` bytes long (a JPEG comment pads it): photos
    that differ but not in size."""
    image = Image.new("RGB", (900, 900), (236, 230, 220))
    ImageDraw.Draw(image).ellipse((112, 112, 787, 787), fill=color)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    padding = length - len(data) - 4  # the comment's marker and length take 4 bytes
    assert 0 <= padding < 0xFFF0, f"a photo of {len(data)} bytes cannot be made {length} long"
    comment = b"\xff\xfe" + (padding + 2).to_bytes(2, "big") + b" " * padding
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:2] + comment + data[2:])  # right after the start of the image


def image_file(image: str | dict) -> str:
    """The path of an image as a catalog lists it: a path, or a mapping of its file and alt."""
    return image["file"] if isinstance(image, dict) else image


def write_catalog(folder: Path, change=None) -> Path:
    """Write BASE_DATA (after `change(data)` edits a copy) as folder/catalog.yaml, with a
    generated photo for each image it names that is not there yet."""
    data = copy.deepcopy(BASE_DATA)
    if change:
        change(data)
    for product in data["products"]:
        for image in map(image_file, product.get("images", [])):
            if not (folder / image).exists():
                write_image(folder / image)
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


SHOP = {
    "phone": "01 42 60 00 00",
    "email": "contact@example.fr",
    "address": "12 rue de la Monnaie, 75001 Paris",
}


def write_shop_catalog(
    folder: Path, smtp: dict | None = None, then: Callable | None = None, **changes
) -> Path:
    """The base catalog of a shop that emails its sheets: its contact, an EAN-13 on the
    founding product, `smtp` settings if given, and `changes` to the 'catalog' section; then
    `then(data)`, a change as write_catalog takes."""

    def change(data):
        data["catalog"]["contact"] = dict(SHOP)
        data["products"][0]["ean13"] = "3760123456784"
        if smtp:
            data["catalog"]["smtp"] = smtp
        data["catalog"].update(changes)
        if then:
            then(data)

    return write_catalog(folder, change)


def bilingual(data, locales=("fr_FR", "en_GB")):
    """A `change` for write_catalog: published in `locales`, the founding product, the first
    category and the catalog's title translated into English."""
    head = data["catalog"]
    head["locales"] = list(locales)
    head["title"] = {"fr": "Médailles commémoratives", "en": "Commemorative medals"}
    head["spec_labels"] = {"Métal": {"en": "Metal"}, "Diamètre": {"en": "Diameter"}}
    data["categories"][0]["title"] = {"fr": "Histoire de France", "en": "French history"}
    product = data["products"][0]
    product["title"] = {"fr": "La Libération de Paris", "en": "The Liberation of Paris"}
    product["images"][0]["alt"] = {
        "fr": "Médaille à la croix de Lorraine",
        "en": "Medal with the Cross of Lorraine",
    }
    product["specs"]["Métal"] = {"fr": "métaux communs", "en": "base metals"}
    product["description"] = {
        "fr": "Le 25 août au matin, Paris se réveille.\n\nLes chars entrent dans Paris.",
        "en": "On the morning of 25 August, Paris wakes up.\n\nThe tanks roll into Paris.",
    }


# -- a designer's background, as a designer would hand it over ------------------------------

BAND_MM = 6  # how far into the trimmed page the background's band reaches: inside the margin
BAND_COLORS = ((0.0, 0.0, 0.8), (0.0, 0.6, 0.0))  # its page 1 blue, its page 2 green
LETTERHEAD = "LETTERHEAD"
WITH_BLEED = (A4_SIZE[0] + 6 * mm, A4_SIZE[1] + 6 * mm)  # A4 and a bleed of 3 mm


def write_background(
    path: Path,
    colors: tuple[tuple[float, float, float], ...] = BAND_COLORS,
    size: tuple[float, float] = WITH_BLEED,
    embedded: bool = True,
) -> Path:
    """A PDF of a page for each of `colors`, `size` points large (an A4 trim in its middle): a
    band of the colour down its left edge, `BAND_MM` into the trim, with the word LETTERHEAD in
    it, in an embedded font (in Helvetica, which is not embedded, unless `embedded`)."""
    font = "Helvetica"
    if embedded:
        font = "Letterhead-DejaVuSans"
        dejavu = ROOT / "sheets" / "style" / "fonts" / "dejavu" / "DejaVuSans-Bold.ttf"
        pdfmetrics.registerFont(TTFont(font, str(dejavu)))
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=size, invariant=1, initialFontName=font)
    band = (size[0] - A4_SIZE[0]) / 2 + BAND_MM * mm
    for color in colors:
        canvas.setFillColorRGB(*color)
        canvas.rect(0, 0, band, size[1], stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(font, 8)
        canvas.saveState()
        canvas.translate(band - 2 * mm, size[1] / 2)
        canvas.rotate(90)
        canvas.drawString(0, 0, LETTERHEAD)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return path


# -- a catalog as text: one product, for messages that give a line and a column -------------

# A valid catalog; the line numbers matter to the expected messages of the tests.
BASE_YAML = """\
catalog:
  title: Médailles commémoratives
  publisher: Trésor du patrimoine
  locale: fr_FR
  currency: EUR
  url: https://www.example.fr
  theme:
    page_size: A4
categories:
  - id: histoire
    title: Histoire de France
products:
  - reference: 7505634
    title: La Libération de Paris
    category: histoire
    price: 17,80
    updated: 08/08/2017
    url: https://www.example.fr/7505634
    ean13: 4006381333931
    specs:
      Métal: métaux communs
      Diamètre: 41 mm
    images: [{file: images/7505634.jpg, alt: Médaille à la croix de Lorraine}]
    description: |
      Le 25 août au matin, Paris se réveille.

      Les chars de la 2e DB entrent par la porte d'Orléans.
"""


def edited(old: str, new: str, text: str = BASE_YAML) -> str:
    """The text with `old`, which must occur exactly once, replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write_catalog_text(folder: Path, content: str | bytes) -> Path:
    """Write text (or raw bytes) as folder/catalog.yaml, beside images/7505634.jpg (PHOTO).

    A real photo also lies just outside the folder, at ../x.jpg, so that a path escaping the
    folder is refused for where it points, not because nothing is there.
    """
    (folder / "images").mkdir(parents=True, exist_ok=True)
    shutil.copy(PHOTO, folder / "images" / PHOTO.name)
    shutil.copy(PHOTO, folder.parent / "x.jpg")
    path = folder / "catalog.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load_clean(write_yaml, text: str):
    """The catalog that `write_yaml` (the fixture) writes `text` to, loaded without a problem."""
    catalog, problems = load_catalog(write_yaml(text))
    assert problems == [], "\n".join(map(str, problems))
    return catalog


# -- long texts ------------------------------------------------------------------------------

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


def words_filling(length: int, seed: int = 3) -> str:
    """Real French words in a shuffled order, `length` characters long or one word shorter: a
    text as long as a key's limit allows (catalog/keys.py)."""
    rng = random.Random(seed)
    text = rng.choice(FRENCH_WORDS)
    while len(text) + 1 + len(word := rng.choice(FRENCH_WORDS)) <= length:
        text += " " + word
    return text


# Long French words, hyphenated in narrow columns: ladders of hyphenated lines to avoid.
FRENCH_PARAGRAPHS = [
    "Le 25 août 1944, la capitale retrouve sa liberté après quatre années d'occupation "
    "particulièrement éprouvantes. Les combattants de l'intérieur, soutenus par la deuxième "
    "division blindée du général Leclerc, reprennent méthodiquement les bâtiments "
    "administratifs, les commissariats et les principales administrations.",
    "Cette médaille commémorative, frappée exceptionnellement en bronze florentin, rappelle "
    "l'extraordinaire mobilisation populaire qui accompagna l'insurrection parisienne. Son "
    "revers représente symboliquement l'Hôtel de Ville pavoisé, entouré d'inscriptions "
    "soigneusement gravées par les meilleurs artisans contemporains.",
    "Chaque exemplaire, numéroté individuellement, est accompagné d'un certificat "
    "d'authenticité signé par le directeur artistique. Diamètre : 41 mm ; poids : 31 g ; "
    "tirage strictement limité à 5 000 exemplaires, disponibles immédiatement à 17,80 € !",
    "Les collectionneurs apprécieront particulièrement la précision remarquable des détails "
    "architecturaux, la finesse incomparable des inscriptions périphériques et "
    "l'exceptionnelle qualité de la patine, obtenue traditionnellement par oxydation "
    "contrôlée dans les ateliers historiques de la manufacture.",
]

# The column widths, in points, at which paragraphs are broken into lines.
COLUMN_WIDTHS = range(60, 240, 7)


def wrapped(paragraph: Paragraph, width: float) -> Paragraph:
    """The paragraph, broken into lines for a column `width` points wide."""
    paragraph.wrap(width, 1e9)
    return paragraph


# -- reading the PDFs we make, the way a test (or a print shop) looks at them ----------------


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def placed_texts(path: Path, page_index: int) -> list[tuple[float, float, str]]:
    """Each piece of text a page draws, with where it starts (x, y in points from the page's
    foot): to read what stands on one line, whatever order the drawing gives."""
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            placed.append((x, y, text.strip()))

    PdfReader(path).pages[page_index].extract_text(visitor_text=visit)
    return placed


def same_line(placed: list[tuple[float, float, str]], x: float, y: float) -> list[str]:
    """The texts on the line at `y`, right of `x` and in its column (as far as the next one)."""
    return [
        text
        for left, height, text in sorted(placed)
        if abs(height - y) < 1
        and left > x
        and not any(
            x < other < left and abs(other_y - y) < 1 and other_text[:1].isalpha()
            for other, other_y, other_text in placed
        )
    ]


def text_of(pdf: Path) -> str:
    """The text of every page, its spaces and line breaks made single spaces."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def spaces_normalised(text: str) -> str:
    """No-break spaces as plain ones: what matters here is the words, not the space's kind."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def description_text(
    path: Path, first_words: str, text_top: float, text_bottom: float, pages: range | None = None
) -> str:
    """A sheet's description in reading order: on each page the left column, then the right.

    The text is read inside the text area (`text_top`/`text_bottom` in PDF points from the
    page's foot), below the line where `first_words` start on the first of `pages` (default: all),
    so that running heads and the price block do not come between the end of a column and the
    next one.
    (Extractors read a two-column page line by line across both columns.)
    """
    document = pdfium.PdfDocument(str(path))
    parts = []
    for number in pages if pages is not None else range(len(document)):
        page = document[number]
        # Trimmed-page coordinates: a print PDF's page sits inside its bleed and marks.
        x0, y0, x1, _ = page.get_trimbox()
        width = x1 - x0
        text = page.get_textpage()
        top = text_top + y0
        if not parts:
            # The lowest occurrence: a title may begin with the same words, never lower down.
            searcher = text.search(first_words)
            tops = [text.get_charbox(found[0])[3] for found in iter(searcher.get_next, None)]
            assert tops, f"{first_words!r} not on the first page"
            top = min(tops) + 1
        bottom, middle = text_bottom + y0, x0 + width / 2
        parts.append(text.get_text_bounded(x0, bottom, middle, top))
        parts.append(text.get_text_bounded(middle, bottom, x1, top))
    return "\n".join(parts)


def drawn_description(pdf: Path, description: str, pages: range | None = None) -> str:
    """A product's description as drawn with the default theme, in reading order."""
    theme = make_theme(ThemeSettings(), "fr_FR")
    top = theme.page_size[1] - theme.margin - theme.pages.header_height
    bottom = theme.margin + theme.pages.footer_height
    return description_text(pdf, " ".join(description.split()[:3]), top, bottom, pages)


def words(text: str) -> list[str]:
    """The words of a text, with words hyphenated at a line's end joined again."""
    text = re.sub(r"\x02\s*", "", text)  # PDFium's mark for a hyphen it saw at a line's end
    # A compound's own hyphen may fall at a line's end too, where it cannot be told from one
    # added by hyphenation: compounds count as one word, on both sides of a comparison.
    text = re.sub(r"(\w)-\s*(\w)", r"\1\2", text)
    return re.findall(r"\w+", text)


def first_missing(needle: list[str], haystack: list[str]) -> str | None:
    """None when every word of `needle` is in `haystack` in order (other words may come between);
    otherwise the first word not found, with the words around it."""
    remaining = iter(haystack)
    for index, word in enumerate(needle):
        if word not in remaining:
            return f"{word!r} at word {index}: …{' '.join(needle[max(0, index - 6) : index + 6])}…"
    return None


def line_with(path: Path, page_index: int, needle: str) -> str:
    """The whole line of the page on which `needle` is drawn, read left to right."""
    page = pdfium.PdfDocument(str(path))[page_index]
    text = page.get_textpage()
    searcher = text.search(needle)
    found = searcher.get_next()
    assert found, f"{needle!r} not on page {page_index + 1}"
    _, bottom, _, top = text.get_charbox(found[0])
    return text.get_text_bounded(0, bottom - 1, page.get_size()[0], top + 1)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, in order."""
    reader = PdfReader(path)
    entries = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return entries


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page → whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def subset_programs(path: Path) -> dict[str, set[str]]:
    """Every font of the file, in pages or the forms they draw → the digests of the programs
    embedded under that name (none: not embedded). Two subsets of one name must be one."""
    found: dict[str, set[str]] = {}
    with pikepdf.open(path) as pdf:
        for font in pdf.objects:
            if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
                continue
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            programs = [
                descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor
            ]
            digests = {hashlib.sha256(p.read_raw_bytes()).hexdigest() for p in programs}
            found.setdefault(str(font.get("/BaseFont")), set()).update(digests)
    return found


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    return uris


def ink_near_edges(path: Path, page_index: int, border_pt: float) -> bool:
    """Whether anything is drawn within `border_pt` of the page's edges (rendered at 72 dpi)."""
    document = pdfium.PdfDocument(str(path))
    image = document[page_index].render(scale=1).to_pil().convert("L")
    width, height = image.size
    border = int(border_pt)
    strips = [
        (0, 0, width, border),
        (0, height - border, width, height),
        (0, 0, border, height),
        (width - border, 0, width, height),
    ]
    return any(image.crop(box).getextrema()[0] < 250 for box in strips)


def text_outside_the_margins(path: Path, margin_pt: float) -> list[tuple[int, str]]:
    """(1-based page, character) for any character drawn within `margin_pt` of the trimmed
    page's edges, or beyond them."""
    document = pdfium.PdfDocument(str(path))
    outside = []
    for number, page in enumerate(document, start=1):
        x0, y0, x1, y1 = page.get_trimbox()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            character = text.get_text_range(index, 1)
            if character.strip() and (
                left < x0 + margin_pt
                or right > x1 - margin_pt
                or bottom < y0 + margin_pt
                or top > y1 - margin_pt
            ):
                outside.append((number, character))
    return outside


def smallest_font_size(path: Path) -> float:
    """The smallest font size of any character on any page, as PDFium reads it."""
    document = pdfium.PdfDocument(str(path))
    smallest = float("inf")
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            size = pdfium.raw.FPDFText_GetFontSize(text.raw, index)
            char = chr(pdfium.raw.FPDFText_GetUnicode(text.raw, index))
            if size and not char.isspace():
                smallest = min(smallest, size)
    return smallest


def image_resolutions(path: Path) -> list[tuple[int, float]]:
    """(1-based page, effective pixels per inch) of every image as placed on the page."""
    document = pdfium.PdfDocument(str(path))
    found = []
    for number, page in enumerate(document, start=1):
        for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = image.get_bounds()
            pixels_wide, _ = image.get_px_size()
            found.append((number, pixels_wide / ((right - left) / 72)))
    return found


def page_images(page: pdfium.PdfPage) -> list[pdfium.PdfImage]:
    return list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))


def inside(bounds, box, slack: float = 0.01) -> bool:
    """Whether `bounds` (left, bottom, right, top) lie within `box`, give or take `slack`."""
    left, bottom, right, top = bounds
    x0, y0, x1, y1 = box
    return left >= x0 - slack and bottom >= y0 - slack and right <= x1 + slack and top <= y1 + slack


def outputs(out: Path) -> list[Path]:
    """The PDFs a build wrote into `out`: its records and cache (`.sheets/`) left aside."""
    return sorted(path for path in out.rglob("*.pdf") if ".sheets" not in path.parts)


def written(out: Path) -> list[Path]:
    """Every file a build wrote into `out`: its PDFs and its editions' manifests."""
    return sorted([*outputs(out), *out.glob("*.manifest.json")])


def brochure(out: Path) -> Path:
    """The base catalog's brochure in the output folder `out`."""
    return out / "medailles-commemoratives.pdf"


def box(page, name: str) -> list[float]:
    """A page's box ("/TrimBox", "/BleedBox", "/MediaBox") as read by pypdf."""
    return [float(v) for v in page[name]]


def close(a, b, tolerance=0.02) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def rendered(pdf: Path, index: int):
    """Page `index` of the PDF rendered at 72 dpi, in greys."""
    return pdfium.PdfDocument(str(pdf))[index].render(scale=1).to_pil().convert("L")


# -- a tagged PDF (PDF/UA), and changes to it ---------------------------------------------------

UA_FONT = "UAText"
pdfmetrics.registerFont(
    TTFont(UA_FONT, ROOT / "sheets" / "style" / "fonts" / "vollkorn" / "Vollkorn-Regular.ttf")
)
UA_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" {part}>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""

Change = Callable[[pikepdf.Pdf], None]


def draw_tagged(path: Path, photo: Path) -> None:
    """Two pages, every painting operator in a sequence: page 1 a heading, a paragraph, a
    photo, a link and an artifact footer; page 2 a heading and a table of two rows."""
    canvas = Canvas(str(path), pagesize=A4_SIZE, initialFontName=UA_FONT)

    def tagged(tag: str, mcid: int, draw: Callable[[], None]) -> None:
        canvas.addLiteral(f"/{tag} <</MCID {mcid}>> BDC")
        draw()
        canvas.addLiteral("EMC")

    canvas.setFont(UA_FONT, 20)
    tagged("H1", 0, lambda: canvas.drawString(72, 760, "Médailles"))
    canvas.setFont(UA_FONT, 11)
    tagged("P", 1, lambda: canvas.drawString(72, 730, "La Libération de Paris, 25 août 1944."))
    tagged("Figure", 2, lambda: canvas.drawImage(str(photo), 72, 500, 200, 200))
    tagged("Link", 3, lambda: canvas.drawString(72, 470, "www.example.fr"))
    canvas.linkURL("https://www.example.fr", (72, 465, 200, 482), relative=0)
    canvas.addLiteral("/Artifact BMC")
    canvas.line(72, 100, 520, 100)
    canvas.drawString(72, 80, "1")
    canvas.addLiteral("EMC")
    canvas.showPage()
    canvas.setFont(UA_FONT, 16)
    tagged("H2", 0, lambda: canvas.drawString(72, 760, "Prix"))
    canvas.setFont(UA_FONT, 11)
    for mcid, (x, y, text) in enumerate(
        [(72, 730, "Référence"), (200, 730, "Prix"), (72, 710, "7505634"), (200, 710, "49,00 €")],
        start=1,
    ):
        tagged(
            "TH" if mcid < 3 else "TD", mcid, lambda x=x, y=y, t=text: canvas.drawString(x, y, t)
        )
    canvas.showPage()
    canvas.save()


def add_structure(pdf: pikepdf.Pdf) -> None:
    """The structure tree of `draw_tagged`'s pages, their ParentTree, and what the catalog
    and the XMP metadata of a PDF/UA document say."""
    page1, page2 = pdf.pages[0].obj, pdf.pages[1].obj
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))

    def element(type_: str, parent, page, kids: list, **extra) -> pikepdf.Dictionary:
        made = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name("/" + type_),
                P=parent,
                Pg=page,
                **extra,
            )
        )
        made.K = pikepdf.Array(kids)
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = made
        return made

    link = page1.Annots[0]
    link.StructParent = 2
    link.Contents = pikepdf.String("The publisher's web site")
    objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=link, Pg=page1)
    first = [
        element("H1", root, page1, [0]),
        element("P", root, page1, [1]),
        element("Figure", root, page1, [2], Alt=pikepdf.String("A bronze medal")),
        element("Link", root, page1, [3, objr]),
    ]
    cells = [element(t, root, page2, [m]) for t, m in (("TH", 1), ("TH", 2), ("TD", 3), ("TD", 4))]
    rows = [element("TR", root, page2, cells[:2]), element("TR", root, page2, cells[2:])]
    heading2 = element("H2", root, page2, [0])
    document = element(
        "Document", root, page1, [*first, heading2, element("Table", root, page2, rows)]
    )
    root.K = document
    root.ParentTree = pdf.make_indirect(
        pikepdf.Dictionary(
            Nums=pikepdf.Array(
                [0, pikepdf.Array(first), 1, pikepdf.Array([heading2, *cells]), 2, first[3]]
            )
        )
    )
    root.ParentTreeNextKey = 3
    page1.StructParents, page2.StructParents = 0, 1
    page1.Tabs = pikepdf.Name.S
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("fr-FR")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    set_xmp(pdf, UA_XMP.format(part='pdfuaid:part="1"', title="Médailles commémoratives"))


def set_xmp(pdf: pikepdf.Pdf, text: str) -> None:
    pdf.Root.Metadata = pdf.make_stream(
        text.encode(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )


def write_tagged_pdf(folder: Path) -> Path:
    """folder/tagged.pdf: `draw_tagged`'s pages with `add_structure`'s tree, PDF/UA as far as
    `sheets preflight --ua` checks."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (300, 300), "gray").save(folder / "photo.jpg")
    path = folder / "tagged.pdf"
    draw_tagged(path, folder / "photo.jpg")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        add_structure(pdf)
        pdf.save(path, fix_metadata_version=False)
    return path


def changed(original: Path, tmp_path: Path, change: Change) -> Path:
    """tmp_path/changed.pdf: the PDF at `original` with one change made to it."""
    with pikepdf.open(original) as pdf:
        change(pdf)
        pdf.save(tmp_path / "changed.pdf", fix_metadata_version=False)  # keep the XMP as written
    return tmp_path / "changed.pdf"


def struct_elements(pdf: pikepdf.Pdf, type_: str) -> list[pikepdf.Dictionary]:
    """The structure elements of a type, in reading order."""
    found, pending = [], [pdf.Root.StructTreeRoot.K]
    while pending:
        node = pending.pop(0)
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found += [node] if str(node.S) == "/" + type_ else []
            kids = node.get("/K")
            pending[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


def said(findings: list[Finding]) -> list[str]:
    """Findings as `page: severity: check: message` lines (`document` for the whole)."""
    return [f"{f.page or 'document'}: {f.severity.value}: {f.check}: {f.message}" for f in findings]


def both(*changes: Change) -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        for one in changes:
            one(pdf)

    return change


# -- a real SMTP server on this machine, for the messages sheets sends -------------------------


def read_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_servers(folder: Path) -> Iterator[Callable[..., tuple[Inbox, int]]]:
    """start(password=b"s3cret", handler=None, **options) starts a real SMTP server on localhost
    that requires STARTTLS and a login (unless `options` say otherwise), with a certificate
    from a private CA whose certificate is folder/ca.pem; (its inbox, its port). All are
    stopped on leaving. The clients must not trust another CA file ($SSL_CERT_FILE unset)."""
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(folder / "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    controllers = []

    def start(password: bytes = b"s3cret", handler: Inbox | None = None, **options):
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == b"boutique@example.fr" and auth_data.password == password
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        settings = {
            "tls_context": context,
            "require_starttls": True,
            "auth_required": True,
            "auth_require_tls": True,
            "authenticator": authenticate,
            **options,
        }
        inbox = handler or Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **settings)
        controller.start()
        controllers.append(controller)
        return inbox, controller.port

    try:
        yield start
    finally:
        for controller in controllers:
            controller.stop()


def smtp_section(port: int, **changes) -> dict:
    """The catalog's 'smtp' section for a test server, trusting the test's private CA."""
    section = {
        "host": "127.0.0.1",
        "port": str(port),
        "user": "boutique@example.fr",
        "from": "boutique@example.fr",
        "ca_file": "ca.pem",
    }
    section.update(changes)
    return {key: value for key, value in section.items() if value is not None}


# -- a catalog whose products are in files of a folder ------------------------------------

HEAD = BASE_YAML[: BASE_YAML.index("products:")]  # the catalog and its one category
PRODUCT = BASE_YAML[BASE_YAML.index("  - reference:") :]  # the founding product, indented


def product(reference: str, **changes: str) -> str:
    """The founding product under another reference, unindented: a products file's item."""
    text = "\n".join(line[2:] for line in PRODUCT.splitlines()) + "\n"
    text = text.replace("reference: 7505634", f"reference: {reference}")
    for key, value in changes.items():
        start = text.index(f"  {key}: ")
        end = text.index("\n", start)
        text = text[:start] + f"  {key}: {value}" + text[end:]
    return text


def write_folder(tmp_path: Path, files: dict[str, str], products: str = "products") -> Path:
    """A catalog (support's BASE_YAML) naming the folder `products`, with `files` in it (name
    → text), beside the founding product's photo; its path."""
    shop = tmp_path / "shop"
    (shop / products).mkdir(parents=True, exist_ok=True)
    write_image(shop / "images" / "7505634.jpg")
    for name, text in files.items():
        (shop / products / name).write_text(text, encoding="utf-8")
    catalog = shop / "catalog.yaml"
    catalog.write_text(HEAD + f"products: {products}\n", encoding="utf-8")
    return catalog


# -- the staff's page ----------------------------------------------------------------------


def form_token(page: str) -> str:
    """The token of the email form in a product page's HTML."""
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)
