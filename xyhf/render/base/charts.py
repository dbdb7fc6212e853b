"""SVG charts rendered at build time: no chart library, nothing fetched by the browser."""

from __future__ import annotations

from xyhf.render.base.text import esc


def bar_chart(title: str, rows: list[tuple[str, int]], width: int = 640) -> str:
    """Horizontal bars as an HTML list: the labels and counts are real text at the page's size, so
    they stay readable (at least 12 px) on a 390 px phone and wrap instead of being clipped; the bar
    lengths are the only inline style, computed from counts. `width` is kept for callers' signature."""
    del width
    top = max((n for _, n in rows), default=1) or 1
    parts = [f'<ol class="xyhf-bars" aria-label="{esc(title)}">']
    for label, n in rows:
        share = round(100 * n / top, 1)
        parts.append(
            f'<li><span class="xyhf-bars-label">{esc(label)}</span><span class="xyhf-bars-track">'
            f'<span class="xyhf-bars-bar" style="width:{share}%"></span><span class="xyhf-bars-value">{n}</span></span></li>'
        )
    parts.append("</ol>")
    return "".join(parts)


def progress_chart(title: str, points: list[tuple[str, int]], target: int, width: int = 480) -> str:
    """Cumulative records listed per month against the target line."""
    height, pad_l, pad_r, pad_b, pad_t = 240, 56, 40, 40, 30  # room above for the target's label
    top = max([target] + [n for _, n in points])
    plot_w, plot_h = width - pad_l - pad_r, height - pad_b - pad_t

    def xy(i: int, n: int) -> tuple[float, float]:
        x = pad_l + (plot_w * i / max(len(points) - 1, 1))
        return round(x, 1), round(pad_t + plot_h * (1 - n / top), 1)

    path = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (_, n) in enumerate(points) for x, y in [xy(i, n)])
    ty = round(pad_t + plot_h * (1 - target / top), 1)
    parts = [
        f'<svg class="xyhf-chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>',
        f'<line x1="{pad_l}" y1="{ty}" x2="{width - pad_r}" y2="{ty}" class="xyhf-chart-target"/>',
        f'<text x="{width - pad_r}" y="{ty - 6}" text-anchor="end" class="xyhf-chart-label">目标 {target} 项（2028 年）</text>',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - pad_r}" y2="{pad_t + plot_h}" class="xyhf-chart-axis"/>',
        f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" text-anchor="end" class="xyhf-chart-label">0</text>',
    ]
    if points:
        parts.append(f'<path d="{path}" class="xyhf-chart-line"/>')
        for i, (label, n) in enumerate(points):
            x, y = xy(i, n)
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" class="xyhf-chart-dot"><title>{esc(label)}：{n} 项</title></circle>')
        step = max(1, -(-len(points) // 4))  # at most 4 month labels: they must not touch on a phone
        for i in range(0, len(points), step):
            x, _ = xy(i, 0)
            parts.append(
                f'<text x="{x}" y="{height - 14}" text-anchor="middle" class="xyhf-chart-label">{esc(points[i][0])}</text>'
            )
        parts.append(
            f'<text x="{xy(len(points) - 1, points[-1][1])[0]}" y="{xy(len(points) - 1, points[-1][1])[1] - 8}" '
            f'text-anchor="end" class="xyhf-chart-value">{points[-1][1]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# Hunan's 14 市州 as tiles in their rough places (north at the top): a tile chart, not a map, so no
# boundary data is needed (and none with an unclear licence is shipped).
CITY_TILES = {
    "430800": (1, 0),  # 张家界
    "430700": (2, 0),  # 常德
    "430600": (3, 0),  # 岳阳
    "433100": (0, 1),  # 湘西州
    "430900": (2, 1),  # 益阳
    "430100": (3, 1),  # 长沙
    "431200": (0, 2),  # 怀化
    "431300": (1, 2),  # 娄底
    "430300": (2, 2),  # 湘潭
    "430200": (3, 2),  # 株洲
    "430500": (1, 3),  # 邵阳
    "430400": (2, 3),  # 衡阳
    "431100": (1, 4),  # 永州
    "431000": (2, 4),  # 郴州
}
_SHADES = ("#eef2fa", "#c9d6ef", "#94acde", "#5b7fc8", "#2f55a4")


def city_tiles(title: str, counts: dict[str, int], names: dict[str, str], link: str) -> str:
    """A tile per 市州 shaded by its count, each linked to `link` with {code} filled in (a city with
    no records is not linked); labels and numbers in the tiles, the title as the accessible name."""
    size, gap = 96, 6
    top = max(counts.values(), default=0) or 1
    parts = [
        f'<svg class="xyhf-chart xyhf-tiles" role="group" aria-label="{esc(title)}" viewBox="0 0 {4 * (size + gap)} '
        f'{5 * (size + gap)}" width="100%" style="max-width:420px" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for code, (col, row) in CITY_TILES.items():
        n = counts.get(code, 0)
        shade = _SHADES[0] if n == 0 else _SHADES[min(len(_SHADES) - 1, 1 + (len(_SHADES) - 2) * n // top)]
        ink = "#ffffff" if shade in _SHADES[3:] else "#1b1b1b"
        x, y = col * (size + gap), row * (size + gap)
        name = names.get(code, code).removesuffix("土家族苗族自治州").removesuffix("市")
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{shade}" '
            f'data-city="{code}" data-count="{n}"/><text x="{x + size / 2}" y="{y + 40}" text-anchor="middle" '
            f'fill="{ink}" font-size="18">{esc(name)}</text><text x="{x + size / 2}" y="{y + 70}" text-anchor="middle" '
            f'fill="{ink}" font-size="22" font-weight="700">{n}</text>'
        )
        parts.append(f'<a href="{esc(link.format(code=code))}">{tile}</a>' if n else tile)  # no link to a city with nothing
    parts.append("</svg>")
    return "".join(parts)
