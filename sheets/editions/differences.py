"""Where two renderings of a page differ: their pixels compared in cells, noise left out, and the
changed cells that touch merged into a few rectangles."""

from __future__ import annotations

from collections import deque

from PIL import Image, ImageChops, ImageFilter

CELL = 6  # pixels on a cell's side: at 72 dpi, 6 points
NOISE = 48  # a colour channel differing by less is anti-aliasing, not a change (of 255)
CELL_PIXELS = 2  # pixels beyond the noise that make a cell changed: a lone one is a speck
GAP = 2  # changed cells this many cells apart or closer are one area (its letters, a word)
GAP_ACROSS = 5  # areas this many cells apart side by side are one: the words of a line

Rectangle = tuple[int, int, int, int]  # left, top, right, bottom, in pixels from the top left


def changed_areas(old: Image.Image, new: Image.Image) -> list[Rectangle]:
    """The areas of `new` whose pixels differ from `old`'s, as rectangles of whole cells (clipped
    to `new`), from the top down. `old` is laid at `new`'s top-left corner on white: where it is
    smaller, `new`'s ink beyond it is a change; where it is larger, what lies beyond `new` is not
    on the page shown."""
    new = new.convert("RGB")
    laid = Image.new("RGB", new.size, "white")
    laid.paste(old.convert("RGB"), (0, 0))
    changed = _changed_pixels(laid, new)
    areas = _merged([_bounds(group) for group in _groups(_changed_cells(changed))])
    return sorted(
        (_tight(changed, [side * CELL for side in area]) for area in areas),
        key=lambda area: (area[1], area[0]),
    )


def _tight(changed: Image.Image, area: list[int]) -> Rectangle:
    """The area shrunk from whole cells to the changed pixels in it: its box is drawn close."""
    left, top, right, bottom = area
    found = changed.crop((left, top, right, bottom)).getbbox()
    if found is None:  # cannot be: a changed cell has changed pixels
        return left, top, min(right, changed.width), min(bottom, changed.height)
    return left + found[0], top + found[1], left + found[2], top + found[3]


def _changed_pixels(old: Image.Image, new: Image.Image) -> Image.Image:
    """255 where a pixel's colour changed beyond the noise in any channel, 0 elsewhere."""
    red, green, blue = ImageChops.difference(old, new).split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # a colour change counts
    return largest.point([0] * (NOISE + 1) + [255] * (255 - NOISE))


def _changed_cells(changed: Image.Image) -> Image.Image:
    """A cell image (one pixel a cell), 255 where the cell changed, 0 elsewhere."""
    share = changed.reduce(CELL)  # each cell's mean: 255 × its share of changed pixels
    least = 255 * CELL_PIXELS / (CELL * CELL)
    return share.point([0 if value < least else 255 for value in range(256)])


def _groups(cells: Image.Image) -> list[list[tuple[int, int]]]:
    """The changed cells, in groups of those no more than GAP cells apart: the cells joined
    after each grows by GAP (Pillow's maximum filter), then only the changed ones kept."""
    width, height = cells.size
    joined = cells.filter(ImageFilter.MaxFilter(2 * GAP + 1)).tobytes()
    changed = cells.tobytes()
    seen = bytearray(len(joined))
    groups = []
    for start, value in enumerate(joined):
        if not value or seen[start]:
            continue
        seen[start] = 1
        queue, group = deque([start]), []
        while queue:
            index = queue.popleft()
            if changed[index]:
                group.append((index % width, index // width))
            x, y = index % width, index // width
            for nx, ny in ((x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)):
                neighbour = ny * width + nx
                inside = 0 <= nx < width and 0 <= ny < height
                if inside and joined[neighbour] and not seen[neighbour]:
                    seen[neighbour] = 1
                    queue.append(neighbour)
        if group:
            groups.append(group)
    return groups


def _bounds(cells: list[tuple[int, int]]) -> Rectangle:
    """The cells' bounding rectangle, in cells (right and bottom exclusive)."""
    xs, ys = [x for x, _ in cells], [y for _, y in cells]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def _merged(areas: list[Rectangle]) -> list[Rectangle]:
    """Rectangles that overlap or come near each other (GAP cells above or below, GAP_ACROSS
    side by side) made one, until none do: the boxes drawn never cross."""
    areas = list(areas)
    merging = True
    while merging:
        merging = False
        for i, first in enumerate(areas):
            for j in range(i + 1, len(areas)):
                if _near(first, areas[j]):
                    second = areas.pop(j)
                    areas[i] = (
                        min(first[0], second[0]),
                        min(first[1], second[1]),
                        max(first[2], second[2]),
                        max(first[3], second[3]),
                    )
                    merging = True
                    break
            if merging:
                break
    return areas


def _near(first: Rectangle, second: Rectangle) -> bool:
    return (
        first[0] <= second[2] + GAP_ACROSS
        and second[0] <= first[2] + GAP_ACROSS
        and first[1] <= second[3] + GAP
        and second[1] <= first[3] + GAP
    )
