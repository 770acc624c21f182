"""Charts drawn on the server as inline SVG: volume over time (one or several series) and the entity
network. No script is needed to read or use them: every bucket of a volume chart is a link (to the
search over that day, week or month) and every node of the network links to its entity page;
``static/app.js`` only adds dragging across buckets to choose a range (``data-since``/``data-until``).

Every text that came from data (queries, entity names) goes through :class:`~markupsafe.Markup`
formatting, which escapes it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from markupsafe import Markup

from .render import entity_href, type_class

UNIT_NAMES = {"day": "Tag", "week": "Woche ab", "month": "Monat ab"}


def _svg(css: str, width: int, height: int, label: str, extra: str = "") -> Markup:
    return Markup('<svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}"{}>').format(
        css, width, height, label, Markup(extra))


def trend_svg(data: dict, href: Callable[[str, str], str], *, selected: tuple[str, str] | None = None,
              width: int = 720, height: int = 220) -> Markup:
    """``data`` from :func:`lagebild.archive.trends.compare`: bars for one series, lines for several.
    ``href(first_day, last_day)`` is each bucket's link; buckets inside ``selected`` are marked."""
    from ..archive.trends import bucket_end

    buckets, series, unit = data["buckets"], data["series"], data["unit"]
    if not buckets:
        return Markup('<p class="muted">Keine datierten Artikel.</p>')
    left, bottom, top = 46, 30, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((max(s["counts"]) for s in series if s["counts"]), default=0) or 1
    step = plot_w / len(buckets)
    unit_name = UNIT_NAMES[unit]
    lo, hi = selected or ("", "")
    parts = [_svg("trend has-sel" if lo and hi else "trend", width, height,
                  f"Artikel pro {unit_name.split()[0]} ({data['zone']})", ' data-brush="1"')]
    for value in sorted({0, peak // 2, peak}):
        y = top + plot_h * (1 - value / peak)
        parts.append(Markup('<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
                            '<text class="axis" x="{}" y="{:.1f}" text-anchor="end">{}</text>').format(
            left, width - 8, y, y, left - 6, y + 4, value))
    for n, start in enumerate(buckets):
        end = bucket_end(start, unit)
        x = left + n * step
        counts = [s["counts"][n] for s in series]
        tip = f"{unit_name} {start}: " + ", ".join(
            f"{c} Artikel" + (f" ({s['query'] or 'alle'})" if len(series) > 1 else "") for s, c in zip(series, counts))
        on = " sel" if lo and hi and lo <= start and end <= hi else ""
        parts.append(Markup('<a href="{}" data-since="{}" data-until="{}"><rect class="slot{}" x="{:.1f}" y="{}"'
                            ' width="{:.1f}" height="{}"><title>{}</title></rect>').format(
            href(start, end), start, end, on, x, top, step, plot_h, tip))
        if len(series) == 1 and counts[0]:
            h = plot_h * counts[0] / peak
            bar = max(1.0, step * 0.8)
            parts.append(Markup('<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" rx="1.5"/>')
                         .format(x + (step - bar) / 2, top + plot_h - h, bar, h))
        parts.append(Markup("</a>"))
    if len(series) > 1:
        for k, s in enumerate(series):
            points = " ".join(f"{left + (n + .5) * step:.1f},{top + plot_h * (1 - c / peak):.1f}"
                              for n, c in enumerate(s["counts"]))
            parts.append(Markup('<polyline class="line s{}" points="{}"/>').format(k % 6, points))
    for n in sorted({0, len(buckets) // 2, len(buckets) - 1}):
        anchor = "start" if n == 0 and len(buckets) > 1 else "end" if n == len(buckets) - 1 and n else "middle"
        x = left if anchor == "start" else left + (n + 1) * step if anchor == "end" else left + n * step + step / 2
        parts.append(Markup('<text class="axis" x="{:.1f}" y="{}" text-anchor="{}">{}</text>').format(
            x, height - 4, anchor, buckets[n]))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


# ---------------------------------------------------------------- the network

def layout(nodes: list[str], edges: list[tuple[str, str, float]], *, rounds: int = 80) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² by a force layout (Fruchterman–Reingold) started from a circle: no
    randomness, so the same graph is always drawn the same way."""
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    angle = np.arange(n) * 2 * math.pi / n
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.5
    index = {k: i for i, k in enumerate(nodes)}
    weight = np.zeros((n, n))
    for a, b, w in edges:
        weight[index[a], index[b]] = weight[index[b], index[a]] = w
    if weight.max() > 0:
        weight = weight / weight.max()
    k = 1.0 / math.sqrt(n)
    temp = 0.1
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (k * k / dist ** 2 - weight * dist / k)[:, :, None] * delta  # repulsion - attraction along delta
        force = force.sum(axis=1) - 0.05 * pos  # a weak pull to the centre keeps loose nodes in view
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)[:, None]
        pos += force / length * np.minimum(length, temp)
        temp *= 0.96
    pos -= pos.min(axis=0)
    pos /= np.maximum(pos.max(axis=0), 1e-9)
    return {key: (float(pos[i, 0]), float(pos[i, 1])) for key, i in index.items()}


def network_svg(graph: dict, *, width: int = 720, height: int = 520) -> Markup:
    """``graph`` from :func:`lagebild.archive.network.network` as nodes (sized by articles, coloured by
    type, each a link to its entity page) and edges (width by shared articles, each with a tooltip)."""
    nodes, edges = graph["nodes"], graph["edges"]
    if not nodes:
        return Markup('<p class="muted">Keine Entitäten in diesen Artikeln.</p>')
    pos = layout([n["id"] for n in nodes], [(e["source"], e["target"], e["weight"]) for e in edges])
    pad = 70
    xy = {k: (pad + x * (width - 2 * pad), 24 + y * (height - 48)) for k, (x, y) in pos.items()}
    names = {n["id"]: n["name"] for n in nodes}
    peak_n = max(n["articles"] for n in nodes) or 1
    peak_e = max((e["weight"] for e in edges), default=1) or 1
    parts = [_svg("network", width, height, f"Netzwerk aus {len(nodes)} Entitäten")]
    for e in edges:
        (x1, y1), (x2, y2) = xy[e["source"]], xy[e["target"]]
        parts.append(Markup('<line class="edge" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke-width="{:.2f}">'
                            '<title>{} – {}: {} gemeinsame Artikel</title></line>').format(
            x1, y1, x2, y2, 0.6 + 5 * e["weight"] / peak_e, names[e["source"]], names[e["target"]], e["weight"]))
    radius = {n["id"]: 4 + 12 * math.sqrt(n["articles"] / peak_n) for n in nodes}
    degree = Counter()
    for e in edges:
        degree[e["source"]] += e["weight"]
        degree[e["target"]] += e["weight"]
    order = sorted(nodes, key=lambda n: (-degree[n["id"]], -n["articles"], n["id"]))
    boxes = {n["id"]: {size: _label_box(xy[n["id"]], radius[n["id"]], _short(n["name"]), width, size)
                       for size in (LABEL_WIDE, LABEL_NARROW)} for n in nodes}
    wide, narrow = _unclashed(order, boxes, LABEL_WIDE), _unclashed(order, boxes, LABEL_NARROW)[:LABELS_NARROW]
    for node in nodes:
        x, y = xy[node["id"]]
        r = radius[node["id"]]
        anchor = "end" if x > width / 2 else "start"
        dx = -(r + 3) if anchor == "end" else r + 3
        # every label is drawn; CSS shows those that clash with none before them (by ties), fewer on a phone
        kind = "label" if node["id"] in narrow else "label minor" if node["id"] in wide else "label minor crowded"
        parts.append(Markup('<a class="node ent-{}" href="{}"><circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}">'
                            '<title>{}: {} Artikel</title></circle>'
                            '<text class="{}" x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text></a>').format(
            type_class(node["type"]), entity_href(node["id"]), x, y, r, node["name"], node["articles"],
            kind, x + dx, y + 4, anchor, _short(node["name"])))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


# Label sizes in the SVG's own units (style.css: 12px on a desktop; 26px below 640 px, where the
# 720-unit-wide drawing is shrunk to about half), and how many labels a phone shows at most.
LABEL_WIDE, LABEL_NARROW, LABELS_NARROW = 12, 26, 10
_CHAR = 0.58  # average advance of a sans-serif letter, in ems


def _short(name: str, most: int = 22) -> str:
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def _label_box(at: tuple[float, float], r: float, text: str, width: int, size: int) -> tuple[float, ...]:
    """The box (x0, y0, x1, y1) a label of ``size`` units takes beside its node, as network_svg places it."""
    x, y = at
    w = len(text) * size * _CHAR
    if x > width / 2:
        return x - r - 3 - w, y + 4 - 0.8 * size, x - r - 3, y + 4 + 0.25 * size
    return x + r + 3, y + 4 - 0.8 * size, x + r + 3 + w, y + 4 + 0.25 * size


def _unclashed(order: list[dict], boxes: dict, size: int) -> list[str]:
    """Ids whose label at ``size`` overlaps no label kept before it, in ``order`` (greedy, best first)."""
    kept: list[tuple[float, ...]] = []
    out = []
    for node in order:
        a = boxes[node["id"]][size]
        if all(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1] for b in kept):
            kept.append(a)
            out.append(node["id"])
    return out


__all__ = ["LABELS_NARROW", "UNIT_NAMES", "layout", "network_svg", "trend_svg"]
