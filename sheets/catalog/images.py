"""Product photos: decoded and checked with Pillow before use, so a bad file is an error, not a bad PDF."""

from __future__ import annotations

import errno
import io
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..errors import Problem, Refused, Severity, shown
from ..model import Catalog

MAX_PIXELS = 60_000_000  # ~7 700 px square: far above any print need, far below a bomb
ALLOWED_FORMATS = {"JPEG", "PNG"}
EXIF_ORIENTATION = 0x0112
TURNED = range(2, 9)  # the EXIF orientations other than 1 (as stored)
QUARTER_TURNED = range(5, 9)  # turned by a quarter: width and height swap


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str
    mode: str  # Pillow's: "RGB", "CMYK", "L", "RGBA", "I;16"…
    # EXIF orientation: 2 to 8 when the file is stored turned or mirrored (a phone's portrait
    # lies on its side); width and height are always the upright photo's.
    orientation: int = 1
    # A colour made transparent by a key (a PNG's tRNS) rather than an alpha channel or palette.
    keyed: bool = False

    @property
    def aspect(self) -> float:
        return self.height / self.width

    @property
    def turned(self) -> bool:
        return self.orientation in TURNED


class ImageProblem(Refused):
    """Why an image file cannot go into a PDF, in words for the catalog's author; `path` names
    the file when it is raised by `read_image_info`."""

    path: Path | None = None

    def naming_the_file(self) -> str:
        return f"image {shown(self.path.name)} {self}" if self.path else str(self)


# What each photo was found to be when it was last decoded whole, and the file's stamp then:
# path → (stamp, info). A build keeps it for the next (`checked_images`, `recall_checked`).
_CHECKED: dict[str, tuple[list[int], ImageInfo]] = {}


def read_image_info(path: Path) -> ImageInfo:
    """Fully decode the image (catching truncated and corrupt files), once while the file keeps
    its stamp; raise ImageProblem."""
    try:
        return _checked(path)
    except ImageProblem as exc:
        exc.path = path
        raise


def _checked(path: Path) -> ImageInfo:
    try:
        stamp = file_stamp(path.stat())
    except OSError as exc:
        raise ImageProblem(*unreadable(exc)) from None
    known = _CHECKED.get(str(path))
    if known is not None and known[0] == stamp:
        return known[1]
    info = _decoded(path)
    _CHECKED[str(path)] = (stamp, info)
    return info


def file_stamp(stat: os.stat_result) -> list[int]:
    """What says a file is as it was without reading it: its size and time, and its inode and
    change time, which no one sets (files swapped, or written back with their old time, have
    the size and time they had, not these)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def checked_images(paths: list[str]) -> dict[str, list]:
    """What was found of these photos (those decoded whole), to be recalled by a later build:
    path → [*stamp, info]."""
    return {
        path: [*_CHECKED[path][0], asdict(_CHECKED[path][1])] for path in paths if path in _CHECKED
    }


def recall_checked(records: dict) -> None:
    """Take what an earlier build found of its photos (`checked_images`): a photo that keeps its
    stamp is not decoded again. A record that does not read as one is passed over."""
    for path, record in records.items():
        try:
            *stamp, fields = record
            info = ImageInfo(**fields)
        except (TypeError, ValueError):
            continue
        stamped = len(stamp) == 4 and all(type(number) is int for number in stamp)
        if stamped and _found(info):
            _CHECKED.setdefault(path, (stamp, info))


def _found(info: ImageInfo) -> bool:
    """Whether `info` is what decoding a photo can find: a record edited or damaged into
    another width or format is not believed (a width of 0 would end a build in a traceback)."""
    sizes = (info.width, info.height, info.orientation)
    return (
        all(type(number) is int and number > 0 for number in sizes)
        and isinstance(info.format, str)
        and info.format in ALLOWED_FORMATS
        and isinstance(info.mode, str)
        and type(info.keyed) is bool
    )


def forget_checked() -> None:
    """Decode every photo again when next asked (a test changes the limits)."""
    _CHECKED.clear()


def unreadable(exc: OSError) -> tuple[str, str | None]:
    """Why a file cannot be read, after its name (`image 'x.jpg' cannot be read: …`), and what
    to do about it."""
    if isinstance(exc, PermissionError):
        return (
            "cannot be read: permission denied",
            "let the build read it (chmod a+r) and open its folders (chmod a+x)",
        )
    if exc.errno == errno.ENAMETOOLONG:
        return (
            "cannot be read: a name in its path is longer than the file system allows "
            "(255 bytes; an accented letter takes 2)",
            "give the file or its folder a shorter name",
        )
    return f"cannot be read: {exc.strerror or exc}", None


def _decoded(path: Path) -> ImageInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Read whole at once: Pillow reads a file in many small pieces.
            with Image.open(io.BytesIO(path.read_bytes())) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(
                        f"is {width}×{height} px ({width * height / 1e6:.0f} megapixels); "
                        f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels"
                    )
                if image.format not in ALLOWED_FORMATS:
                    raise ImageProblem(f"is a {image.format} image; use JPEG or PNG")
                if image.format == "JPEG":
                    # Decoded at an eighth of its size: every byte is still read and checked
                    # (a truncated or damaged file fails alike), in a quarter of the time.
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
                orientation = image.getexif().get(EXIF_ORIENTATION, 1)
                if orientation in QUARTER_TURNED:  # upright, its width is the stored height
                    width, height = height, width
                keyed = "transparency" in image.info and image.mode != "P"
                return ImageInfo(width, height, image.format, image.mode, orientation, keyed)
    except PermissionError as exc:
        raise ImageProblem(*unreadable(exc)) from None
    except UnidentifiedImageError:
        raise ImageProblem("is not an image Pillow can read (JPEG or PNG expected)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("is too large to decode safely (decompression bomb)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageProblem):
            raise
        raise ImageProblem(f"is damaged or truncated ({exc})") from None


def check_images(catalog: Catalog) -> list[Problem]:
    """One error per unusable photo of a product, naming the product and the file (the
    catalog's own pictures are checked as they are read: `image_paths.py`)."""
    problems = []
    folder = catalog.source.resolve().parent if catalog.source else Path.cwd()
    for product in catalog.products:
        for path in product.images:
            try:
                read_image_info(path)
            except ImageProblem as exc:
                written = path.relative_to(folder) if path.is_relative_to(folder) else path
                problems.append(
                    Problem(
                        Severity.ERROR,
                        f"image {shown(written)} {exc}",
                        catalog.file_of(product),
                        product.line,
                        None,
                        product.reference,
                        exc.hint or "replace the file with a sound JPEG or PNG photo",
                    )
                )
    return problems


def shown_images(catalog: Catalog) -> list[Path]:
    """Every image file the catalog shows: its products' photos, its own, its logo, the
    background of its pages."""
    photos = [image for p in catalog.products for image in p.images]
    background = catalog.theme.background.file if catalog.theme.background else None
    own = [catalog.cover_image, catalog.logo, *(c.image for c in catalog.categories), background]
    return photos + [path for path in own if path is not None and path not in photos]
