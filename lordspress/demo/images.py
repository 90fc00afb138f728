"""Pictures for the demo content, drawn with Pillow alone.

`featured_image` paints a heraldic device on a textured parchment ground: deterministic for a
seed, muted tinctures, no lettering. `sponsor_logo` draws a monogram roundel beside a name on a
transparent ground. Nothing is downloaded; lettering uses DejaVu Serif when the system has it and
Pillow's built-in scalable font otherwise.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFilter, ImageFont, ImageOps

Colour = tuple[int, int, int]

COLOURS: dict[str, str] = {
    "azure": "#1f3a5f",
    "gules": "#7a1f1f",
    "vert": "#2f5d3a",
    "sable": "#222222",
    "purpure": "#4b2e52",
}
METALS: dict[str, str] = {"or": "#c9a227", "argent": "#e8e4da"}
PARCHMENTS = ("#efe6d2", "#ece3cd", "#f0e8d6", "#e9dfc7", "#ebe2d0")
INK = "#2b241d"  # the outline of every figure: a warm, faded black
SEPIA = "#5b4632"

MOTIFS = (
    "shield",
    "chevron",
    "quartered",
    "saltire",
    "crown",
    "seal",
    "laurel",
    "columns",
    "compass",
    "wax-seal",
    "pale",
    "bend",
)

SS = 2  # supersampling factor for smooth edges


def _rgb(colour: str) -> Colour:
    return ImageColor.getrgb(colour)[:3]


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _shade(colour: Colour, factor: float) -> Colour:
    return tuple(max(0, min(255, round(v * factor))) for v in colour)


def _bezier(p0, c, p2, steps: int = 24) -> list[tuple[float, float]]:
    """Points along a quadratic Bézier curve, end points included."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0],
                u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1],
            )
        )
    return out


def _star(cx: float, cy: float, r: float, points: int = 5, inner: float = 0.4, turn: float = 0.0):
    out = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * inner
        angle = -math.pi / 2 + turn + i * math.pi / points
        out.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return out


def _ellipse_poly(cx: float, cy: float, rx: float, ry: float, angle: float, steps: int = 20):
    ca, sa = math.cos(angle), math.sin(angle)
    out = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        out.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return out


def _palette(rng: random.Random) -> tuple[Colour, Colour, Colour]:
    """A field colour, a metal and a second colour, always metal on colour."""
    names = list(COLOURS)
    field = rng.choice(names)
    second = rng.choice([n for n in names if n != field])
    metal = rng.choice(list(METALS))
    return _rgb(COLOURS[field]), _rgb(METALS[metal]), _rgb(COLOURS[second])


# --- shields -------------------------------------------------------------------------------------


def _shield_outline(x0: float, y0: float, w: float, h: float) -> list[tuple[float, float]]:
    cx = x0 + w / 2
    right = _bezier((x0 + w, y0 + h * 0.5), (x0 + w, y0 + h * 0.86), (cx, y0 + h))
    left = _bezier((cx, y0 + h), (x0, y0 + h * 0.86), (x0, y0 + h * 0.5))
    return [(x0, y0), (x0 + w, y0), *right, *left[1:]]


def _clip(layer: Image.Image, mask: Image.Image) -> None:
    layer.putalpha(ImageChops.multiply(layer.getchannel("A"), mask))


def _gloss(layer: Image.Image, box: tuple[float, float, float, float], mask: Image.Image) -> None:
    """Light the upper dexter part of a figure and darken its base, as an engraver would."""
    x0, y0, w, h = box
    size = layer.size
    light = ImageOps.invert(Image.radial_gradient("L").resize((int(w * 1.4), int(h * 1.2))))
    light_mask = Image.new("L", size, 0)
    light_mask.paste(light.point(lambda v: v * 30 // 255), (int(x0 - w * 0.35), int(y0 - h * 0.35)))
    dark = Image.linear_gradient("L").resize((int(w), int(h)))
    dark_mask = Image.new("L", size, 0)
    dark_mask.paste(dark.point(lambda v: max(0, v - 90) * 60 // 165), (int(x0), int(y0)))
    rgb = layer.convert("RGB")
    rgb = Image.composite(
        Image.new("RGB", size, (255, 250, 235)), rgb, ImageChops.multiply(light_mask, mask)
    )
    rgb = Image.composite(
        Image.new("RGB", size, (20, 14, 8)), rgb, ImageChops.multiply(dark_mask, mask)
    )
    rgb.putalpha(layer.getchannel("A"))
    layer.paste(rgb)


def _render_shield(size: int, rng: random.Random, motif: str) -> Image.Image:
    field, metal, second = _palette(rng)
    ink = _rgb(INK)
    lw = max(2, size // 170)
    w, h = size * 0.62, size * 0.76
    x0, y0 = (size - w) / 2, size * 0.11
    cx = x0 + w / 2
    outline = _shield_outline(x0, y0, w, h)

    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    d.rectangle((x0 - 4, y0 - 4, x0 + w + 4, y0 + h + 4), fill=field)

    def charge(points, fill):
        d.polygon(points, fill=fill, outline=ink, width=lw)

    def band(p, q, width, fill):
        d.line((p, q), fill=ink, width=int(width + 2 * lw))
        return lambda: d.line((p, q), fill=fill, width=int(width))

    if motif == "shield":  # a bordure, three roundels two and one
        d.rectangle((x0 - 4, y0 - 4, x0 + w + 4, y0 + h + 4), fill=metal)
        inset = w * 0.085
        inner = _shield_outline(x0 + inset, y0 + inset, w - 2 * inset, h - 2 * inset)
        d.polygon(inner, fill=field, outline=ink, width=lw)
        r = w * 0.1
        for px, py in (
            (cx - w * 0.2, y0 + h * 0.3),
            (cx + w * 0.2, y0 + h * 0.3),
            (cx, y0 + h * 0.62),
        ):
            d.ellipse((px - r, py - r, px + r, py + r), fill=metal, outline=ink, width=lw)
    elif motif == "chevron":  # a chevron between three mullets
        apex, foot, thick = y0 + h * 0.3, y0 + h * 0.86, h * 0.15
        ext = w * 0.1
        charge(
            [
                (x0 - ext, foot),
                (cx, apex),
                (x0 + w + ext, foot),
                (x0 + w + ext, foot + thick),
                (cx, apex + thick),
                (x0 - ext, foot + thick),
            ],
            metal,
        )
        r = w * 0.095
        for px, py in (
            (cx - w * 0.27, y0 + h * 0.2),
            (cx + w * 0.27, y0 + h * 0.2),
            (cx, y0 + h * 0.72),
        ):
            charge(_star(px, py, r), metal)
    elif motif == "quartered":  # quarterly, an inescutcheon over all
        fy = y0 + h * 0.46
        d.rectangle((cx, y0 - 4, x0 + w + 4, fy), fill=metal)
        d.rectangle((x0 - 4, fy, cx, y0 + h + 4), fill=metal)
        d.line(((cx, y0), (cx, y0 + h)), fill=ink, width=lw)
        d.line(((x0, fy), (x0 + w, fy)), fill=ink, width=lw)
        iw, ih = w * 0.34, h * 0.36
        inner = _shield_outline(cx - iw / 2, fy - ih * 0.45, iw, ih)
        d.polygon(inner, fill=second, outline=ink, width=lw)
        charge(_star(cx, fy - ih * 0.45 + ih * 0.42, iw * 0.24), metal)
    elif motif == "saltire":
        width = w * 0.2
        a = band((x0 - w * 0.05, y0 - h * 0.05), (x0 + w * 1.05, y0 + h * 1.05), width, metal)
        b = band((x0 + w * 1.05, y0 - h * 0.05), (x0 - w * 0.05, y0 + h * 1.05), width, metal)
        a()
        b()
    elif motif == "pale":  # on a pale three mullets
        pw = w / 3
        d.rectangle(
            (cx - pw / 2, y0 - 4, cx + pw / 2, y0 + h + 4), fill=metal, outline=ink, width=lw
        )
        for fy in (0.2, 0.45, 0.7):
            charge(_star(cx, y0 + h * fy, pw * 0.34), second)
    elif motif == "bend":  # a bend cotised
        angle = math.atan2(w, w)
        nx, ny = -math.sin(angle), math.cos(angle)
        p, q = (x0 - w * 0.1, y0 - w * 0.1 + h * 0.02), (x0 + w * 1.1, y0 + w * 1.1 + h * 0.02)
        bw = w * 0.2
        main = band(p, q, bw, metal)
        main()
        off = bw / 2 + w * 0.07
        for sign in (-1, 1):
            pp = (p[0] + sign * nx * off, p[1] + sign * ny * off)
            qq = (q[0] + sign * nx * off, q[1] + sign * ny * off)
            band(pp, qq, w * 0.03, metal)()
    else:  # pragma: no cover - guarded by the caller
        raise ValueError(motif)

    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    _clip(layer, mask)
    _gloss(layer, (x0, y0, w, h), mask)
    d = ImageDraw.Draw(layer)
    d.line([*outline, outline[0], outline[1]], fill=ink, width=lw * 3, joint="curve")
    return layer


# --- devices -------------------------------------------------------------------------------------


def _render_crown(size: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink, gold = _rgb(INK), _rgb(METALS["or"])
    gold_dark, gold_light = _shade(gold, 0.7), _mix(gold, (255, 244, 200), 0.45)
    cap = _rgb(COLOURS[rng.choice(["gules", "purpure", "azure"])])
    argent = _rgb(METALS["argent"])
    lw = max(2, size // 180)
    cx = size / 2
    bx0, bx1 = size * 0.2, size * 0.8
    band_top, band_bottom = size * 0.6, size * 0.7
    top = size * 0.2

    # velvet cap between the arches
    cap_shape = [
        *_bezier(
            (bx0 + size * 0.02, band_top),
            (bx0 - size * 0.02, top + size * 0.02),
            (cx, top + size * 0.1),
        ),
        *_bezier(
            (cx, top + size * 0.1),
            (bx1 + size * 0.02, top + size * 0.02),
            (bx1 - size * 0.02, band_top),
        )[1:],
    ]
    d.polygon(cap_shape, fill=cap, outline=ink, width=lw)

    # arches, with pearls
    arch_w = int(size * 0.035)
    arches = [
        _bezier((bx0 + size * 0.03, band_top), (bx0 - size * 0.01, top), (cx, top + size * 0.06)),
        _bezier((bx1 - size * 0.03, band_top), (bx1 + size * 0.01, top), (cx, top + size * 0.06)),
        [(cx, band_top), (cx, top + size * 0.06)],
    ]
    for arch in arches:
        d.line(arch, fill=ink, width=arch_w + 2 * lw, joint="curve")
    for arch in arches:
        d.line(arch, fill=gold, width=arch_w, joint="curve")
        d.line(arch, fill=gold_light, width=max(1, arch_w // 4), joint="curve")
    pr = size * 0.011
    for arch in arches[:2]:
        for px, py in arch[2:-2:2]:
            d.ellipse(
                (px - pr, py - pr, px + pr, py + pr),
                fill=argent,
                outline=ink,
                width=max(1, lw // 2),
            )

    # orb and cross
    orb_r, oy = size * 0.05, top + size * 0.02
    d.ellipse((cx - orb_r, oy - orb_r, cx + orb_r, oy + orb_r), fill=gold, outline=ink, width=lw)
    d.line(((cx - orb_r, oy), (cx + orb_r, oy)), fill=ink, width=lw)
    d.line(((cx, oy - orb_r), (cx, oy)), fill=ink, width=lw)
    cw, ch = size * 0.018, size * 0.075
    cy0 = oy - orb_r - ch
    d.rectangle((cx - cw / 2, cy0, cx + cw / 2, oy - orb_r), fill=gold, outline=ink, width=lw)
    d.rectangle(
        (cx - ch / 2.6, cy0 + ch * 0.25, cx + ch / 2.6, cy0 + ch * 0.25 + cw),
        fill=gold,
        outline=ink,
        width=lw,
    )

    # crosses pattée and lozenges along the rim
    for i in range(5):
        px = bx0 + (bx1 - bx0) * (i + 0.5) / 5
        if i % 2 == 0:
            a, t, big = size * 0.04, size * 0.012, size * 0.038
            py = band_top - a
            pts = [
                (px - big / 2, py - a), (px + big / 2, py - a), (px + t / 2, py - t / 2),
                (px + a, py - big / 2), (px + a, py + big / 2), (px + t / 2, py + t / 2),
                (px + big / 2, py + a), (px - big / 2, py + a), (px - t / 2, py + t / 2),
                (px - a, py + big / 2), (px - a, py - big / 2), (px - t / 2, py - t / 2),
            ]  # fmt: skip
        else:
            s = size * 0.035
            pts = [
                (px, band_top - s * 1.6),
                (px + s * 0.6, band_top - s * 0.7),
                (px, band_top),
                (px - s * 0.6, band_top - s * 0.7),
            ]
        d.polygon(pts, fill=gold, outline=ink, width=lw)

    # circlet with jewels
    d.rounded_rectangle(
        (bx0, band_top, bx1, band_bottom), radius=size * 0.012, fill=gold, outline=ink, width=lw
    )
    d.line(
        ((bx0 + lw * 2, band_top + lw * 2), (bx1 - lw * 2, band_top + lw * 2)),
        fill=gold_light,
        width=lw,
    )
    d.line(
        ((bx0 + lw * 2, band_bottom - lw * 2), (bx1 - lw * 2, band_bottom - lw * 2)),
        fill=gold_dark,
        width=lw,
    )
    jewels = [_rgb(COLOURS[n]) for n in ("gules", "azure", "vert", "azure", "gules")]
    jy = (band_top + band_bottom) / 2
    for i, colour in enumerate(jewels):
        px = bx0 + (bx1 - bx0) * (i + 0.5) / 5
        rx, ry = size * (0.03 if i % 2 == 0 else 0.02), size * 0.024
        d.ellipse((px - rx, jy - ry, px + rx, jy + ry), fill=colour, outline=ink, width=lw)
        d.ellipse(
            (px - rx * 0.45, jy - ry * 0.55, px - rx * 0.1, jy - ry * 0.15),
            fill=_mix(colour, (255, 255, 255), 0.45),
        )

    # ermine band
    ey0, ey1 = band_bottom, band_bottom + size * 0.07
    d.rounded_rectangle(
        (bx0 - size * 0.015, ey0, bx1 + size * 0.015, ey1),
        radius=size * 0.03,
        fill=argent,
        outline=ink,
        width=lw,
    )
    sable = _rgb(COLOURS["sable"])
    for i in range(9):
        px = bx0 + (bx1 - bx0) * (i + 0.5) / 9
        py = ey0 + (ey1 - ey0) * (0.38 if i % 2 else 0.55)
        s = size * 0.008
        d.polygon(
            [(px, py - s * 1.4), (px + s * 1.1, py + s * 1.6), (px - s * 1.1, py + s * 1.6)],
            fill=sable,
        )
        for dx in (-s, 0, s):
            d.ellipse(
                (px + dx - s * 0.35, py - s * 2.2, px + dx + s * 0.35, py - s * 1.5), fill=sable
            )
    _gloss(layer, (bx0, top, bx1 - bx0, ey1 - top), layer.getchannel("A"))
    return layer


def _small_shield(
    d: ImageDraw.ImageDraw, cx: float, cy: float, w: float, rng: random.Random, lw: int
) -> None:
    field, metal, _ = _palette(rng)
    h = w * 1.2
    x0, y0 = cx - w / 2, cy - h / 2
    outline = _shield_outline(x0, y0, w, h)
    d.polygon(outline, fill=field, outline=_rgb(INK), width=lw)
    d.polygon(
        _star(cx, y0 + h * 0.42, w * 0.26), fill=metal, outline=_rgb(INK), width=max(1, lw // 2)
    )


def _render_seal(size: int, rng: random.Random) -> Image.Image:
    """A metal seal matrix impression: beaded rim, a band of lozenges, a shield at the centre."""
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = _rgb(INK)
    metal = _rgb(METALS[rng.choice(["or", "or", "argent"])])
    dark, light = _shade(metal, 0.72), _mix(metal, (255, 250, 235), 0.4)
    lw = max(2, size // 180)
    c = size / 2
    r = size * 0.42

    def circle(radius, **kw):
        d.ellipse((c - radius, c - radius, c + radius, c + radius), **kw)

    circle(r, fill=dark, outline=ink, width=lw * 2)
    circle(r * 0.96, fill=metal, outline=ink, width=lw)
    beads = 72
    br = r * 0.022
    for i in range(beads):
        a = 2 * math.pi * i / beads
        px, py = c + r * 0.9 * math.cos(a), c + r * 0.9 * math.sin(a)
        d.ellipse(
            (px - br, py - br, px + br, py + br), fill=light, outline=dark, width=max(1, lw // 2)
        )
    circle(r * 0.84, outline=ink, width=lw)
    lozenges = 24
    for i in range(lozenges):
        a = 2 * math.pi * (i + 0.5) / lozenges
        px, py = c + r * 0.745 * math.cos(a), c + r * 0.745 * math.sin(a)
        pts = _star(px, py, r * 0.055, points=2, inner=0.5, turn=a + math.pi / 2)
        d.polygon(pts, fill=dark)
    circle(r * 0.65, fill=_shade(metal, 0.92), outline=ink, width=lw)
    circle(r * 0.6, outline=dark, width=lw)
    _small_shield(d, c, c + r * 0.03, r * 0.62, rng, lw)
    # a sprig either side of the shield
    for sign in (-1, 1):
        for k in range(4):
            px = c + sign * r * 0.43
            py = c - r * 0.18 + k * r * 0.13
            d.polygon(_ellipse_poly(px, py, r * 0.06, r * 0.024, sign * 0.6), fill=dark)
    _gloss(layer, (c - r, c - r, 2 * r, 2 * r), layer.getchannel("A"))
    return layer


def _render_wax_seal(size: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = _rgb(INK)
    wax = _mix(_rgb(COLOURS["gules"]), (150, 30, 30), rng.uniform(0.0, 0.5))
    ribbon = _rgb(COLOURS[rng.choice(["azure", "vert", "purpure"])])
    lw = max(2, size // 200)
    c = size / 2
    r = size * 0.3

    # ribbons beneath the wax, with swallow-tailed ends
    for sign in (-1, 1):
        tail_x = c + sign * size * rng.uniform(0.2, 0.28)
        tail_y = size * rng.uniform(0.88, 0.95)
        wdt = size * 0.06
        dx, dy = tail_x - c, tail_y - c
        length = math.hypot(dx, dy)
        nx, ny = -dy / length * wdt / 2, dx / length * wdt / 2
        ux, uy = dx / length, dy / length
        notch = (tail_x - ux * wdt * 0.7, tail_y - uy * wdt * 0.7)
        pts = [
            (c + nx, c + ny),
            (tail_x + nx, tail_y + ny),
            notch,
            (tail_x - nx, tail_y - ny),
            (c - nx, c - ny),
        ]
        d.polygon(pts, fill=ribbon, outline=ink, width=lw)
        d.line(
            ((c + nx * 0.5, c + ny * 0.5), (c + dx * 0.85 + nx * 0.5, c + dy * 0.85 + ny * 0.5)),
            fill=_shade(ribbon, 1.35),
            width=lw,
        )

    # the wax: a slightly irregular pool
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    blob = []
    for i in range(90):
        a = 2 * math.pi * i / 90
        wobble = (
            0.035 * math.sin(3 * a + phase[0])
            + 0.025 * math.sin(5 * a + phase[1])
            + 0.015 * math.sin(9 * a + phase[2])
        )
        blob.append((c + r * (1 + wobble) * math.cos(a), c + r * (1 + wobble) * math.sin(a)))
    d.polygon(blob, fill=_shade(wax, 0.78), outline=_shade(wax, 0.5), width=lw)
    inner = r * 0.78
    d.ellipse(
        (c - inner * 1.04, c - inner * 1.04, c + inner * 1.04, c + inner * 1.04),
        fill=_shade(wax, 1.12),
    )
    d.ellipse(
        (c - inner, c - inner, c + inner, c + inner), fill=wax, outline=_shade(wax, 0.7), width=lw
    )

    # the impression: a mullet within a ring of pellets, pressed in
    def pressed(draw_fn):
        draw_fn(2 * lw, _shade(wax, 1.25))
        draw_fn(0, _shade(wax, 0.62))

    def mullet(off, colour):
        d.polygon(_star(c + off, c + off, inner * 0.48, inner=0.42), outline=colour, width=lw * 2)

    def pellets(off, colour):
        for i in range(16):
            a = 2 * math.pi * i / 16
            px, py = c + inner * 0.78 * math.cos(a) + off, c + inner * 0.78 * math.sin(a) + off
            pr = inner * 0.045
            d.ellipse((px - pr, py - pr, px + pr, py + pr), fill=colour)

    pressed(pellets)
    pressed(mullet)
    _gloss(layer, (c - r, c - r, 2 * r, 2 * r), layer.getchannel("A"))
    return layer


def _render_laurel(size: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = _rgb(INK)
    gilt = rng.random() < 0.4
    leaf = _rgb(METALS["or"]) if gilt else _rgb(COLOURS["vert"])
    leaf_light = _mix(leaf, (255, 250, 220), 0.3)
    ribbon = _rgb(COLOURS[rng.choice(["gules", "azure", "purpure"])])
    lw = max(2, size // 220)
    c = size / 2
    R = size * 0.34

    for sign in (-1, 1):  # -1: the dexter branch (viewer's left)
        start, end = math.radians(100 if sign < 0 else 80), math.radians(245 if sign < 0 else -65)
        steps = 15
        stem = []
        for i in range(steps * 4 + 1):
            a = start + (end - start) * i / (steps * 4)
            stem.append((c + R * math.cos(a), c + R * math.sin(a)))
        d.line(stem, fill=_shade(leaf, 0.6), width=lw * 3, joint="curve")
        for i in range(steps):
            t = (i + 0.6) / steps
            a = start + (end - start) * t
            px, py = c + R * math.cos(a), c + R * math.sin(a)
            tangent = a + (math.pi / 2 if end > start else -math.pi / 2)
            scale = 1.0 - 0.45 * t
            ll, lwid = size * 0.055 * scale, size * 0.019 * scale
            for side, spread in ((1, 0.55), (-1, 0.55)):
                ang = tangent + side * spread
                lx, ly = px + math.cos(ang) * ll * 0.9, py + math.sin(ang) * ll * 0.9
                colour = leaf if side > 0 else leaf_light
                d.polygon(
                    _ellipse_poly(lx, ly, ll, lwid, ang),
                    fill=colour,
                    outline=ink,
                    width=max(1, lw // 2),
                )
                d.line(
                    ((px, py), (lx + math.cos(ang) * ll * 0.7, ly + math.sin(ang) * ll * 0.7)),
                    fill=_shade(colour, 0.7),
                    width=max(1, lw // 2),
                )
            if i % 3 == 1:
                br = size * 0.009
                bx, by = px + math.cos(tangent) * size * 0.01, py + math.sin(tangent) * size * 0.01
                d.ellipse(
                    (bx - br, by - br, bx + br, by + br),
                    fill=_rgb(METALS["or"]) if not gilt else _rgb(COLOURS["gules"]),
                    outline=ink,
                    width=max(1, lw // 2),
                )

    # a bow of ribbon at the base
    by = c + R * 1.0
    for sign in (-1, 1):
        loop = [
            (c, by),
            (c + sign * size * 0.09, by - size * 0.05),
            (c + sign * size * 0.1, by + size * 0.03),
        ]
        d.polygon(loop, fill=ribbon, outline=ink, width=lw)
        tail = [
            (c, by),
            (c + sign * size * 0.13, by + size * 0.12),
            (c + sign * size * 0.095, by + size * 0.115),
            (c + sign * size * 0.09, by + size * 0.14),
            (c - sign * size * 0.01, by + size * 0.02),
        ]
        d.polygon(tail, fill=_shade(ribbon, 0.85), outline=ink, width=lw)
    kr = size * 0.022
    d.ellipse((c - kr, by - kr, c + kr, by + kr), fill=ribbon, outline=ink, width=lw)
    # a small mullet at the heart of the wreath
    d.polygon(_star(c, c, size * 0.06), fill=_rgb(METALS["or"]), outline=ink, width=lw)
    return layer


def _render_columns(size: int, rng: random.Random) -> Image.Image:
    """A Doric portico in the manner of an engraved plate."""
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = _rgb(SEPIA)
    stone = _mix(_rgb(METALS["argent"]), (255, 252, 244), 0.3)
    shadow = _shade(stone, 0.8)
    lw = max(2, size // 220)
    count = rng.choice([4, 6])
    x0, x1 = size * 0.12, size * 0.88
    base_y = size * 0.86
    step_h = size * 0.025
    for i in range(3):
        inset = i * size * 0.02
        d.rectangle(
            (x0 + inset, base_y - (i + 1) * step_h, x1 - inset, base_y - i * step_h),
            fill=stone,
            outline=ink,
            width=lw,
        )
    floor = base_y - 3 * step_h
    ent_bottom = size * 0.42
    cols_x0, cols_x1 = x0 + size * 0.08, x1 - size * 0.08
    col_w = (cols_x1 - cols_x0) / (count * 1.9)
    gap = (cols_x1 - cols_x0 - col_w) / (count - 1)
    # the shaded back wall, glimpsed between the columns
    d.rectangle(
        (cols_x0, ent_bottom, cols_x1, floor), fill=_shade(stone, 0.72), outline=ink, width=lw
    )
    door_w = gap * 0.55
    d.rectangle(
        (size / 2 - door_w / 2, floor - (floor - ent_bottom) * 0.6, size / 2 + door_w / 2, floor),
        fill=_shade(stone, 0.5),
        outline=ink,
        width=lw,
    )
    for i in range(count):
        left = cols_x0 + i * gap
        right = left + col_w
        taper = col_w * 0.08
        d.polygon(
            [
                (left, floor),
                (left + taper, ent_bottom + size * 0.03),
                (right - taper, ent_bottom + size * 0.03),
                (right, floor),
            ],
            fill=stone,
            outline=ink,
            width=lw,
        )
        d.polygon(
            [
                (right - col_w * 0.3, floor),
                (right - col_w * 0.28 - taper * 0.3, ent_bottom + size * 0.03),
                (right - taper, ent_bottom + size * 0.03),
                (right, floor),
            ],
            fill=shadow,
        )
        for f in range(1, 5):
            fx = left + col_w * f / 5
            d.line(
                (
                    (fx, floor - lw),
                    (fx + (col_w / 2 - col_w * f / 5) * 0.15, ent_bottom + size * 0.035),
                ),
                fill=_shade(stone, 0.7),
                width=max(1, lw // 2),
            )
        d.rectangle(
            (
                left - col_w * 0.1,
                ent_bottom + size * 0.015,
                right + col_w * 0.1,
                ent_bottom + size * 0.03,
            ),
            fill=stone,
            outline=ink,
            width=lw,
        )
        d.rectangle(
            (left - col_w * 0.18, ent_bottom, right + col_w * 0.18, ent_bottom + size * 0.015),
            fill=stone,
            outline=ink,
            width=lw,
        )
    arch_top = ent_bottom - size * 0.05
    d.rectangle(
        (cols_x0 - col_w * 0.3, arch_top, cols_x1 + col_w * 0.3, ent_bottom),
        fill=stone,
        outline=ink,
        width=lw,
    )
    frieze_top = arch_top - size * 0.045
    d.rectangle(
        (cols_x0 - col_w * 0.3, frieze_top, cols_x1 + col_w * 0.3, arch_top),
        fill=stone,
        outline=ink,
        width=lw,
    )
    n_tri = count * 2 + 1
    for i in range(n_tri):
        tx = cols_x0 + (cols_x1 - cols_x0) * i / (n_tri - 1)
        tw = col_w * 0.35
        d.rectangle(
            (tx - tw / 2, frieze_top + lw, tx + tw / 2, arch_top - lw),
            fill=shadow,
            outline=ink,
            width=max(1, lw // 2),
        )
    cornice = frieze_top - size * 0.02
    d.rectangle(
        (cols_x0 - col_w * 0.55, cornice, cols_x1 + col_w * 0.55, frieze_top),
        fill=stone,
        outline=ink,
        width=lw,
    )
    peak = cornice - size * 0.17
    left_e, right_e = cols_x0 - col_w * 0.6, cols_x1 + col_w * 0.6
    d.polygon(
        [(left_e, cornice), (size / 2, peak), (right_e, cornice)], fill=stone, outline=ink, width=lw
    )
    inset = size * 0.03
    d.polygon(
        [
            (left_e + inset * 2.4, cornice - inset * 0.4),
            (size / 2, peak + inset),
            (right_e - inset * 2.4, cornice - inset * 0.4),
        ],
        fill=_shade(stone, 0.88),
        outline=ink,
        width=lw,
    )
    oc = size * 0.03
    oy = cornice - size * 0.065
    d.ellipse(
        (size / 2 - oc, oy - oc, size / 2 + oc, oy + oc),
        fill=_shade(stone, 0.62),
        outline=ink,
        width=lw,
    )
    return layer


def _render_compass(size: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = _rgb(INK)
    colour = _rgb(COLOURS[rng.choice(["azure", "gules", "vert", "sable"])])
    metal = _rgb(METALS[rng.choice(list(METALS))])
    sepia = _rgb(SEPIA)
    lw = max(2, size // 200)
    c = size / 2
    R = size * 0.44
    for radius, width in ((0.82, lw), (0.78, lw), (0.7, max(1, lw // 2))):
        d.ellipse(
            (c - R * radius, c - R * radius, c + R * radius, c + R * radius),
            outline=sepia,
            width=width,
        )
    for i in range(64):
        a = 2 * math.pi * i / 64
        inner = 0.78 if i % 4 else 0.72
        d.line(
            (
                (c + R * inner * math.cos(a), c + R * inner * math.sin(a)),
                (c + R * 0.82 * math.cos(a), c + R * 0.82 * math.sin(a)),
            ),
            fill=sepia,
            width=max(1, lw // 2),
        )

    def point(angle, length, half):
        tip = (c + length * math.cos(angle), c + length * math.sin(angle))
        left = (c + half * math.cos(angle - math.pi / 2), c + half * math.sin(angle - math.pi / 2))
        right = (c + half * math.cos(angle + math.pi / 2), c + half * math.sin(angle + math.pi / 2))
        d.polygon([(c, c), left, tip], fill=colour, outline=ink, width=lw)
        d.polygon([(c, c), tip, right], fill=metal, outline=ink, width=lw)

    for k in range(8):  # the minor points, then the intercardinal, then the cardinal
        point(math.pi / 8 + k * math.pi / 4, R * 0.5, R * 0.05)
    for k in range(4):
        point(math.pi / 4 + k * math.pi / 2, R * 0.68, R * 0.09)
    for k in range(4):
        point(-math.pi / 2 + k * math.pi / 2, R * 0.98, R * 0.12)
    cr = R * 0.06
    d.ellipse((c - cr, c - cr, c + cr, c + cr), fill=metal, outline=ink, width=lw)
    # a small mullet marks the north
    d.polygon(_star(c, c - R * 1.08, R * 0.06), fill=colour, outline=ink, width=lw)
    return layer


def _render_emblem(motif: str, size: int, rng: random.Random) -> Image.Image:
    big = size * SS
    if motif in {"shield", "chevron", "quartered", "saltire", "pale", "bend"}:
        layer = _render_shield(big, rng, motif)
    else:
        layer = {
            "crown": _render_crown,
            "seal": _render_seal,
            "wax-seal": _render_wax_seal,
            "laurel": _render_laurel,
            "columns": _render_columns,
            "compass": _render_compass,
        }[motif](big, rng)
    return layer.resize((size, size), Image.Resampling.LANCZOS)


# --- the ground ----------------------------------------------------------------------------------


def _noise(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def _paper(rng: random.Random, width: int, height: int) -> Image.Image:
    """A multiplicative texture: mottled parchment, linen threads, fine grain and a vignette."""
    mottle = _noise(rng, (width // 140 + 2, height // 140 + 2)).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    mottle = mottle.point(lambda v: 240 + v * 15 // 255)
    warp = _noise(rng, (width, 1)).resize((width, height), Image.Resampling.NEAREST)
    weft = _noise(rng, (1, height)).resize((width, height), Image.Resampling.NEAREST)
    threads = ImageChops.multiply(
        warp.point(lambda v: 246 + v * 9 // 255), weft.point(lambda v: 246 + v * 9 // 255)
    )
    grain = _noise(rng, (width, height)).point(lambda v: 240 + v * 15 // 255)
    grain = grain.filter(ImageFilter.BoxBlur(1))
    vignette = Image.radial_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    vignette = vignette.point(lambda v: 255 - max(0, v - 120) * 60 // 135)
    texture = ImageChops.multiply(
        ImageChops.multiply(mottle, threads), ImageChops.multiply(grain, vignette)
    )
    return texture.convert("RGB")


def featured_image(*, seed: str, motif: str, width: int = 1600, height: int = 900) -> bytes:
    """A JPEG of ``motif`` centred on a parchment ground; the same seed gives the same picture."""
    if motif not in MOTIFS:
        raise ValueError(f"Unknown motif {motif!r}; expected one of {', '.join(MOTIFS)}")
    rng = random.Random(f"{seed}|{motif}")
    ground = _rgb(rng.choice(PARCHMENTS))
    image = Image.new("RGB", (width, height), ground)

    # a fine double rule, as round a plate in a bound volume
    d = ImageDraw.Draw(image)
    rule = _mix(ground, _rgb(SEPIA), 0.35)
    margin = round(min(width, height) * 0.045)
    d.rectangle(
        (margin, margin, width - margin, height - margin), outline=rule, width=max(1, height // 450)
    )
    m2 = margin + max(3, height // 150)
    d.rectangle((m2, m2, width - m2, height - m2), outline=rule, width=1)

    size = round(min(width, height) * 0.8)
    emblem = _render_emblem(motif, size, rng)
    x, y = (width - size) // 2, (height - size) // 2

    # a soft shadow, stronger for things that stand proud of the page
    strength = {"wax-seal": 0.45, "seal": 0.35, "crown": 0.25}.get(motif, 0.18)
    small = emblem.getchannel("A").resize((max(1, size // 4), max(1, size // 4)))
    blurred = small.filter(ImageFilter.GaussianBlur(max(1, size // 160))).resize((size, size))
    shadow_mask = Image.new("L", (width, height), 0)
    shadow_mask.paste(
        blurred.point(lambda v: round(v * strength)), (x + size // 90, y + size // 60)
    )
    image = Image.composite(Image.new("RGB", (width, height), (58, 44, 30)), image, shadow_mask)
    image.paste(emblem, (x, y), emblem)

    image = ImageChops.multiply(image, _paper(rng, width, height))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue()


# --- sponsor logos -------------------------------------------------------------------------------

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _DEJAVU / ("DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def sponsor_logo(*, monogram: str, name: str, colours: tuple[str, str]) -> bytes:
    """A PNG, 480 × 200 on a transparent ground: a monogram roundel beside the sponsor's name.

    ``colours`` is (ground, accent): the roundel and the name take the first, the monogram and
    the rules the second.
    """
    width, height = 480 * SS, 200 * SS
    ground, accent = _rgb(colours[0]), _rgb(colours[1])
    # the rules beside the name sit on the page, not the roundel: a pale accent would vanish there
    rules = accent if sum(accent) < 600 else ground
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)

    cx, cy, r = 100 * SS, height // 2, 84 * SS
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ground)
    for radius, w in ((r - 7 * SS, 2 * SS), (r - 12 * SS, 1 * SS)):
        d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=accent, width=w)
    for i in range(36):  # a beaded ring between the rules
        a = 2 * math.pi * i / 36
        px, py = cx + (r - 20 * SS) * math.cos(a), cy + (r - 20 * SS) * math.sin(a)
        br = 1.6 * SS
        d.ellipse((px - br, py - br, px + br, py + br), fill=accent)

    letters = monogram.strip()
    font_size = 64 * SS if len(letters) <= 2 else 46 * SS
    font = _font(font_size, bold=True)
    while d.textlength(letters, font=font) > r * 1.25 and font_size > 12:
        font_size -= 2 * SS
        font = _font(font_size, bold=True)
    d.text((cx, cy), letters, font=font, fill=accent, anchor="mm")

    text_x, text_w = 205 * SS, 265 * SS
    size = 34 * SS
    while True:
        name_font = _font(size)
        lines = _wrap(d, name, name_font, text_w)
        if (
            len(lines) <= 3 and all(d.textlength(line, font=name_font) <= text_w for line in lines)
        ) or size <= 14 * SS:
            break
        size -= 2 * SS
    line_h = round(size * 1.22)
    block = line_h * len(lines)
    top = cy - block / 2
    d.line(((text_x, top - 10 * SS), (text_x + 60 * SS, top - 10 * SS)), fill=rules, width=2 * SS)
    for i, line in enumerate(lines):
        d.text(
            (text_x, top + i * line_h + line_h / 2), line, font=name_font, fill=ground, anchor="lm"
        )
    d.line(
        ((text_x, top + block + 8 * SS), (text_x + 60 * SS, top + block + 8 * SS)),
        fill=rules,
        width=2 * SS,
    )

    image = image.resize((width // SS, height // SS), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
