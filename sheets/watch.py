"""What a build reads from the catalog's folder (the catalog, its products files, its pictures)
and the folders that hold them, looked at for a change: for `sheets build --watch` and the
staff's page."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .catalog.product_files import product_files, products_folder
from .uptodate import stamps

EVERY = 0.5  # seconds between two looks


class Watched:
    """The stamps of a catalog's files as they were taken. A folder is watched for what it
    holds: a picture the catalog names but lacks, or a products file added, changes it."""

    def __init__(self, catalog: Path, inputs: Iterable[Path] = ()) -> None:
        self.catalog = catalog.resolve()  # as the photos are named
        self.inputs = list(inputs)  # files besides the catalog's: a colour profile
        self.stamps: dict[str, list[int] | None] = {}
        self.folders: set[str] = set()  # of the names watched

    def take(self, pictures: Iterable[Path]) -> None:
        """Stamp the catalog, its products files, `pictures` and their folders as they are now."""
        files = [self.catalog, *product_files(self.catalog), *self.inputs, *pictures]
        folders = [self.catalog.parent / "images", *(path.parent for path in files)]
        folders += filter(None, [products_folder(self.catalog)])  # even when it holds no file
        self.folders = {str(path) for path in folders}
        self.stamps = stamps(sorted({str(path) for path in [*files, *folders]}))

    def add(self, photos: dict[str, list[int] | None]) -> None:
        """Watch these photos too, with the stamps a build found them with (it stamped them
        before it drew them: one saved since is seen changed), and their folders."""
        for name, stamp in photos.items():
            self.stamps.setdefault(name, stamp)
            folder = str(Path(name).parent)
            if folder not in self.stamps:
                self.stamps |= stamps([folder])
                self.folders.add(folder)

    def changed(self) -> set[str]:
        """The names whose stamps are not as taken (a file made, changed or gone)."""
        now = stamps(self.stamps)
        return {name for name, stamp in now.items() if stamp != self.stamps[name]}
