"""`sheets` installed like a real tool: the wheel carries what the tool reads at run time (fonts,
theme, translations, PDF/X definitions) and builds a catalog from any folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (building writes into the source tree)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(
        ROOT / "sheets", source / "sheets", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    pip_wheel += ["--no-build-isolation", "--wheel-dir", str(dist), str(source)]
    subprocess.run(pip_wheel, check=True, capture_output=True)
    return next(dist.glob("sheets-*.whl"))


def test_wheel_carries_fonts_theme_translations_and_pdfx_definitions(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "sheets/style/fonts/vollkorn/Vollkorn-Regular.ttf",
        "sheets/style/fonts/lato/Lato-BoldItalic.ttf",
        "sheets/style/fonts/dejavu/DejaVuSans-Regular.ttf",
        "sheets/style/fonts/vollkorn/OFL.txt",
        "sheets/style/themes/default.yaml",
        "sheets/i18n/locales/fr/LC_MESSAGES/sheets.mo",
        "sheets/press/pdfx_def.ps",
        "sheets/catalog/schema.py",
    ]:
        assert expected in names, expected


def test_installed_wheel_builds_the_sample_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies are this environment's (the locked versions); `sheets` is the wheel's.
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "locked-dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    pip_install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    pip_install += ["--no-deps", "--no-index", str(wheel)]
    subprocess.run(pip_install, check=True, capture_output=True)
    shop = tmp_path / "shop"
    shop.mkdir()
    shutil.copy(ROOT / "catalog.yaml", shop / "catalog.yaml")
    shutil.copytree(ROOT / "images", shop / "images")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=elsewhere, capture_output=True, text=True, check=False)

    located = run(str(python), "-c", "import sheets; print(sheets.__file__)")
    assert located.stdout.startswith(str(venv)), located.stdout + located.stderr
    assert run(str(python), "-m", "sheets", "--version").stdout.startswith("sheets, version")
    # The console script starts at the entry point that is quiet on a Ctrl-C while it loads.
    assert "from sheets.__main__ import main" in (venv / "bin" / "sheets").read_text()
    built = run(str(venv / "bin" / "sheets"), "build", str(shop / "catalog.yaml"), "-o", "out")
    assert built.returncode == 0, built.stderr
    brochure = elsewhere / "out" / "medailles-commemoratives.fr_FR.pdf"
    sheet = elsewhere / "out" / "sheets" / "7505634-la-liberation-de-paris.fr_FR.pdf"
    for pdf in (brochure, sheet):
        fonts = _font_files(PdfReader(pdf))
        assert fonts and all(fonts.values()), fonts  # every font embedded
        assert any("Vollkorn" in name for name in fonts)
    assert "La Libération de Paris" in PdfReader(sheet).pages[0].extract_text()


def _font_files(reader: PdfReader) -> dict[str, bool]:
    """Each font of the document → whether its program is embedded."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile2", "/FontFile")
            )
    return found
