"""Generate the sample product photos referenced by ``catalog.yaml``.

Run from the repository root (no network needed, the output is deterministic), with
references to make only their photos:

    python tools/make_sample_images.py [REFERENCE...]

Every path listed under a product's ``images`` key is (re)written as a 1200x1200 JPEG
showing a struck medal on a soft studio background. The metal colour comes from the
``Métal`` spec, the reeded edge from ``Tranche``, the rim legend from the title and the
first year found in the product's texts, the central motif from a keyword of the title.
Files whose name ends in ``-revers`` show the reverse side (face value).
"""

import functools
import math
import re
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps
from PIL import features as pil_features

ROOT = Path(__file__).resolve().parents[1]
SIZE, SS = 1200, 2  # output size, supersampling factor
FALLBACK_FONT = Path("/tmp/fontpkgs/x/fonts-vollkorn/usr/share/fonts/truetype/vollkorn")
FALLBACK_FONT = FALLBACK_FONT / "Vollkorn-Bold.ttf"
LNUM = ["lnum"] if pil_features.check("raqm") else None  # lining figures, not old-style ones

# (shadow, mid, highlight) colours, and the pattern of the ``Métal`` spec that selects them
METALS = {
    "gold": (r"\bor\b|doré|dorure", (92, 62, 14), (196, 152, 58), (255, 238, 170)),
    "silver": (r"argent", (70, 74, 80), (168, 172, 178), (250, 251, 252)),
    "patina": (r"florentin|patiné", (42, 28, 16), (124, 84, 50), (222, 184, 136)),
    "bronze": (r"bronze|cuivre|laiton", (64, 36, 18), (160, 98, 52), (246, 200, 150)),
    "nickel": (r"", (62, 62, 58), (150, 148, 138), (236, 234, 224)),  # « métaux communs »…
}

# Central motif chosen by a keyword of the title; anything else gets the title's initials.
EMBLEMS = {
    "eiffel": "tower", "notre-dame": "cathedral", "mont-saint-michel": "mount",
    "concorde": "plane", "18 juin": "lorraine", "moulin": "lorraine", "libération": "lorraine",
    "roi-soleil": "sun", "versailles": "sun", "bastille": "fortress", "tgv": "train",
    "tour de france": "bicycle", "inventions": "star", "napoléon": "N", "jeanne": "JA",
    "marianne": "RF", "coq": "star", "centimes": "RF",
}  # fmt: skip


def polar(r, t):
    return (r * math.sin(t), -r * math.cos(t))


# Motifs on a -1..1 grid as (operation, tone, points, line width). Tone 255 is raised metal,
# 0 cuts back to the field; "sym" polygons give their right half, mirrored on the axis.
MOTIFS = {
    "tower": [
        ("sym", 255, "0.02,-1 0.05,-0.86 0.16,-0.24 0.22,-0.24 0.22,-0.15 0.19,-0.15 0.32,0.24"
         " 0.42,0.24 0.42,0.35 0.36,0.35 0.64,1 0.34,1 0.33,0.89 0.29,0.79 0.24,0.7 0.17,0.64"
         " 0.09,0.59 0,0.58"),
        *[("line", 0, f"-0.5,{y} 0.5,{y}", 0.018) for y in (-0.5, 0.05, 0.62)],
    ],
    "lorraine": [
        ("rect", 255, box)
        for box in ("-0.09,-0.95 0.09,0.95", "-0.36,-0.62 0.36,-0.46", "-0.56,-0.2 0.56,-0.04")
    ],
    "cathedral": [
        ("rect", 255, "-0.78,-0.85 -0.3,0.9"), ("rect", 255, "0.3,-0.85 0.78,0.9"),
        ("rect", 255, "-0.3,-0.42 0.3,0.9"), ("rect", 0, "-0.78,-0.1 0.78,-0.02"),
        ("ellipse", 0, "-0.2,-0.34 0.2,0.06"), ("ellipse", 255, "-0.12,-0.26 0.12,-0.02"),
        ("rect", 0, "-0.13,0.61 0.13,0.9"), ("ellipse", 0, "-0.13,0.48 0.13,0.74"),
        *[("rect", 0, f"{x - 0.1},0.66 {x + 0.1},0.9") for x in (-0.54, 0.54)],
        *[("ellipse", 0, f"{x - 0.1},0.56 {x + 0.1},0.76") for x in (-0.54, 0.54)],
        *[("rect", 0, f"{x - 0.035},-0.72 {x + 0.035},-0.3") for x in (-0.64, -0.44, 0.44, 0.64)],
    ],
    "mount": [
        ("poly", 255, "-0.95,0.62 -0.55,0.42 -0.32,0.1 -0.12,-0.12 0.14,-0.12 0.36,0.14"
         " 0.62,0.4 0.95,0.62"),
        ("rect", 255, "-0.24,-0.36 0.24,-0.05"), ("sym", 255, "0.26,-0.36 0,-0.52"),
        ("sym", 255, "0.05,-0.46 0,-1"), ("line", 255, "-0.8,0.74 0.8,0.74", 0.03),
        ("line", 255, "-0.65,0.86 0.65,0.86", 0.03),
    ],
    "plane": [  # drawn nose up, then turned to climb to the right
        ("sym", 255, "0,-1.15 0.045,-0.95 0.06,-0.3 0.16,-0.02 0.34,0.32 0.56,0.66 0.57,0.78"
         " 0.06,0.74 0.045,1.05"),
    ],
    "sun": [
        *[("poly", 255, [polar(0.4, t - 0.13), polar(0.95 - i % 2 * 0.2, t), polar(0.4, t + 0.13)])
          for i, t in enumerate(k * math.pi / 8 for k in range(16))],
        ("ellipse", 255, "-0.4,-0.4 0.4,0.4"), ("ellipse", 0, "-0.33,-0.33 0.33,0.33"),
        ("ellipse", 255, "-0.28,-0.28 0.28,0.28"),
    ],
    "fortress": [
        ("rect", 255, "-0.85,-0.2 0.85,0.7"),
        *[("rect", 255, f"{x - 0.17},-0.6 {x + 0.17},0.7") for x in (-0.7, -0.23, 0.23, 0.7)],
        *[("rect", 255, f"{x + k - 0.04},-0.72 {x + k + 0.04},-0.6")
          for x in (-0.7, -0.23, 0.23, 0.7) for k in (-0.12, 0, 0.12)],
        ("rect", 0, "-0.16,0.46 0.16,0.7"), ("ellipse", 0, "-0.16,0.3 0.16,0.62"),
        ("line", 255, "-0.95,0.82 0.95,0.82", 0.04),
    ],
    "train": [
        ("poly", 255, "-1,-0.22 0.2,-0.22 0.62,-0.12 0.98,0.12 0.98,0.22 -1,0.22"),
        ("poly", 0, "-0.9,-0.12 0.25,-0.12 0.5,-0.05 -0.9,-0.05"),
        ("line", 255, "-1,0.34 1,0.34", 0.04), ("line", 255, "-0.95,-0.5 -0.05,-0.5", 0.035),
        ("line", 255, "-0.7,-0.7 0.2,-0.7", 0.035), ("line", 255, "-0.85,0.55 0.05,0.55", 0.035),
    ],
    "bicycle": [
        ("ring", 255, "-0.92,-0.05 -0.12,0.75", 0.06), ("ring", 255, "0.12,-0.05 0.92,0.75", 0.06),
        ("line", 255, "-0.52,0.35 -0.12,0.35 0.32,-0.15 -0.25,-0.15 -0.12,0.35", 0.06),
        ("line", 255, "0.52,0.35 0.28,-0.35 0.42,-0.4", 0.06),
        ("line", 255, "-0.52,0.35 -0.25,-0.15 -0.3,-0.28", 0.06),
        ("line", 255, "-0.42,-0.3 -0.16,-0.3", 0.06),
    ],
    "star": [("poly", 255, [polar(0.85 - k % 2 * 0.51, k * math.pi / 5) for k in range(10)])],
}  # fmt: skip
TURN = {"plane": -45}  # degrees, counter-clockwise


@functools.cache
def font(size):
    found = sorted((ROOT / "sheets" / "style" / "fonts").rglob("*.[ot]tf"))
    ranked = [f for f in found if f.name == FALLBACK_FONT.name]
    ranked += [f for f in found if "bold" in f.name.lower()] + found + [FALLBACK_FONT]
    path = next((p for p in ranked if p.is_file()), None)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def year_of(product):
    for key in ("subtitle", "title", "description"):
        m = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", str(product.get(key, "")))
        if m:
            return m.group(1)
    return ""


def shaded(d, metal, light=(0.3, 0.25), contrast=1.0):
    """A d x d metallic surface lit from the upper left."""
    g = Image.radial_gradient("L").resize((2 * d, 2 * d), Image.BILINEAR)
    lx, ly = int(d * light[0]), int(d * light[1])
    g = g.crop((d - lx, d - ly, 2 * d - lx, 2 * d - ly))
    sheen = Image.linear_gradient("L").rotate(35, resample=Image.BILINEAR).resize((d, d))
    g = ImageEnhance.Contrast(ImageChops.blend(g, ImageOps.invert(sheen), 0.18)).enhance(contrast)
    _, dark, mid, hi = METALS[metal]
    img = ImageOps.colorize(g, black=hi, white=dark, mid=mid, midpoint=110)
    streak = Image.new("L", (d, d))  # a soft specular band across the disc
    ImageDraw.Draw(streak).ellipse((-d // 2, d * 0.42, d * 1.5, d * 0.58), fill=70)
    streak = streak.rotate(-40, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(d / 14))
    return ImageChops.screen(img, Image.merge("RGB", [streak] * 3))


def relief(img, mask, top, off):
    """Strike `mask` into `img`: raised surface `top`, lit bevel, cast shadow."""
    soft = mask.filter(ImageFilter.GaussianBlur(off * 0.6))
    cast = ImageChops.subtract(ImageChops.offset(soft, off, off), mask)
    img.paste(ImageEnhance.Brightness(img).enhance(0.62), mask=cast)
    img.paste(top, mask=mask)
    for dx, gain in ((off, 1.35), (-off, 0.55)):  # edge facing the light, edge away from it
        edge = ImageChops.subtract(mask, ImageChops.offset(mask, dx, dx))
        img.paste(ImageEnhance.Brightness(top).enhance(gain), mask=edge.filter(ImageFilter.BLUR))


def arc_text(mask, text, radius, fnt, bottom=False, max_angle=240):
    """Write `text` along a circle centred on `mask`: over the top, or upright along the bottom."""
    c = mask.width / 2
    widths = [fnt.getlength(ch, features=LNUM) * 1.06 for ch in text]
    total = sum(widths) / radius
    if math.degrees(total) > max_angle:
        return False
    sign = -1 if bottom else 1
    a = -sign * (math.pi / 2 + total / 2)
    for ch, w in zip(text, widths, strict=True):
        a += sign * w / radius / 2
        tile = Image.new("L", (fnt.size * 2, fnt.size * 2))
        at = (fnt.size, fnt.size)
        ImageDraw.Draw(tile).text(at, ch, fill=255, font=fnt, anchor="ms", features=LNUM)
        tile = tile.rotate(-math.degrees(a + sign * math.pi / 2), resample=Image.BICUBIC)
        x, y = c + radius * math.cos(a), c + radius * math.sin(a)
        mask.paste(255, (int(x - fnt.size), int(y - fnt.size)), tile)
        a += sign * w / radius / 2
    return True


def emblem(kind, d, s):
    """The central motif as a d x d mask; `s` is its half-size in pixels."""
    layer = Image.new("L", (d, d))
    draw = ImageDraw.Draw(layer)
    if kind not in MOTIFS:  # a monogram or a face value
        fnt = font(int(s * (1.5 if len(kind) <= 2 else 0.95)))
        draw.text((d / 2, d / 2), kind, fill=255, font=fnt, anchor="mm", features=LNUM)
        return layer
    for op, tone, points, *width in MOTIFS[kind]:
        if isinstance(points, str):
            points = [tuple(map(float, p.split(","))) for p in points.split()]
        if op == "sym":
            points = points + [(-x, y) for x, y in reversed(points)]
        xy = [(d / 2 + x * s, d / 2 + y * s) for x, y in points]
        line = max(2, int(s * width[0])) if width else 0
        if op in ("poly", "sym"):
            draw.polygon(xy, fill=tone)
        elif op == "rect":
            draw.rectangle(xy, fill=tone)
        elif op in ("ellipse", "ring"):
            draw.ellipse(xy, None if line else tone, tone if line else None, line or 1)
        else:
            draw.line(xy, fill=tone, width=line, joint="curve")
    return layer.rotate(TURN.get(kind, 0), resample=Image.BICUBIC)


def strike(product, reverse=False):
    """The medal itself, supersampled: returns (RGB image, alpha mask)."""
    d = int(SIZE * 0.74) * SS
    R = c = d / 2
    specs = product.get("specs") or {}
    variants = product.get("variants") or [{}]  # a product in several metals: its first one's
    text = str(specs.get("Métal", variants[0].get("Métal", ""))).lower()
    metal = next(m for m, spec in METALS.items() if re.search(spec[0], text))
    proof = "belle épreuve" in str(specs.get("Qualité", "")).lower()
    img = shaded(d, metal, contrast=1.25 if proof else 1.0)
    if proof:  # mirror field: deeper and darker than the frosted reliefs
        img = ImageEnhance.Brightness(img).enhance(0.8)
    top = ImageEnhance.Contrast(shaded(d, metal, light=(0.42, 0.35))).enhance(0.8 if proof else 0.9)
    rim = Image.new("L", (d, d))
    ImageDraw.Draw(rim).ellipse((0, 0, d - 1, d - 1), outline=255, width=int(0.075 * d))
    relief(img, rim, shaded(d, metal, light=(0.2, 0.15)), int(0.006 * d))
    if re.search(r"cannel|stri", str(specs.get("Tranche", "")).lower()):
        draw = ImageDraw.Draw(img)  # reeded edge: fine radial ticks on the outer band
        for t in (i * math.pi / 180 for i in range(360)):
            ticks = [(c + R * k * math.cos(t), c + R * k * math.sin(t)) for k in (0.965, 1.0)]
            draw.line(ticks, fill=METALS[metal][1], width=SS)

    motif = Image.new("L", (d, d))
    md = ImageDraw.Draw(motif)
    b = R * 0.009  # beaded circle just inside the rim
    for x, y in (polar(R * 0.885, i * math.pi / 60) for i in range(120)):
        md.ellipse((c + x - b, c + y - b, c + x + b, c + y + b), fill=255)
    md.ellipse((c - R * 0.63, c - R * 0.63, c + R * 0.63, c + R * 0.63), None, 255, int(R * 0.012))
    quoted = re.search(r"«\s*(.+?)\s*»", product["title"])
    legend = "RÉPUBLIQUE FRANÇAISE" if reverse else quoted[1] if quoted else product["title"]
    legend = re.sub(r"\s+", " ", legend.upper().replace("’", "'")).strip()
    size = int(R * 0.14)
    while size > 10 and not arc_text(Image.new("L", (d, d)), legend, R * 0.7, font(size)):
        size -= 2
    arc_text(motif, legend, R * 0.7, font(size))
    year = str(product.get("updated", ""))[-4:] if reverse else year_of(product)
    if year:
        arc_text(motif, f"· {year} ·", R * 0.82, font(int(R * 0.12)), bottom=True)
    title = product["title"]
    kind = next((k for word, k in EMBLEMS.items() if word in title.lower()), None)
    if reverse:
        value = re.search(r"(\d+)\s*€", str(product.get("subtitle", "")))
        kind = f"{value[1]} €" if value else "star"
    kind = kind or "".join(w[0] for w in re.findall(r"\b[A-ZÉÈ]\w+", title))[:2] or "star"
    motif = ImageChops.lighter(motif, emblem(kind, d, R * 0.46))
    relief(img, motif, top, int(0.004 * d))
    alpha = Image.new("L", (d, d))
    ImageDraw.Draw(alpha).ellipse((0, 0, d - 1, d - 1), fill=255)
    return img, alpha


def photograph(img, alpha):
    """Lay the medal on a warm grey studio background with a soft drop shadow."""
    n = img.width // SS
    img, alpha = (im.resize((n, n), Image.LANCZOS) for im in (img, alpha))
    light = Image.radial_gradient("L").resize((SIZE * 2, SIZE * 2))
    light = light.crop((SIZE // 2, SIZE // 3, SIZE * 3 // 2, SIZE * 4 // 3))
    bg = ImageOps.colorize(light, black=(246, 243, 238), white=(196, 190, 182))
    x0 = (SIZE - n) // 2
    y0 = x0 - SIZE // 40
    shadow = Image.new("L", (SIZE, SIZE))
    for dx, dy, blur, opacity in ((30, 45, 40, 120), (6, 10, 8, 150)):  # drop + contact shadow
        layer = Image.new("L", (SIZE, SIZE))
        ImageDraw.Draw(layer).ellipse((x0 + dx, y0 + dy, x0 + n + dx, y0 + n + dy), fill=opacity)
        shadow = ImageChops.lighter(shadow, layer.filter(ImageFilter.GaussianBlur(blur)))
    bg.paste((70, 62, 55), mask=shadow)
    bg.paste(img, (x0, y0), alpha)
    return bg


def main(only=()):
    """Every photo, or those of the products whose references are given."""
    catalog = yaml.safe_load((ROOT / "catalog.yaml").read_text(encoding="utf-8"))
    for product in catalog["products"]:
        if only and str(product["reference"]) not in only:
            continue
        if isinstance(product["title"], dict):  # the legend is in French
            product = {**product, "title": product["title"]["fr"]}
        for image in product.get("images") or []:
            rel = image["file"] if isinstance(image, dict) else image  # {file, alt} or a path
            path = ROOT / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            photo = photograph(*strike(product, reverse=path.stem.endswith("-revers")))
            photo.save(path, "JPEG", quality=85, optimize=True, progressive=True)
            print(f"{rel}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
