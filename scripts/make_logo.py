"""Draw the book's logo and favicon: a stylised LSTM cell.

The cell state runs as a straight line across the top, changed only by a
multiplication (forget) and an addition (write); below it sit the four gates.
The favicon keeps only the cell-state line and its two nodes, which stay
legible at 32 pixels.

Usage: python scripts/make_logo.py   (writes images/logo.png, images/favicon.png and images/favicon.ico)
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BACKGROUND = "#1f3b57"
LINE = "#ffffff"
GATES = {"f": "#f28e2b", "i": "#59a14f", "g": "#edc948", "o": "#4e9fd9"}
METADATA = {"Software": None}  # no version string, so a re-run writes the same bytes


def pt(fraction: float) -> float:
    """A length as a fraction of the (1-inch) image, in points: sizes independent of the pixels."""
    return fraction * 72


def _canvas(pixels: int) -> tuple[plt.Figure, plt.Axes]:
    figure = plt.figure(figsize=(1, 1), dpi=pixels)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_aspect("equal")
    axes.axis("off")
    axes.add_patch(
        FancyBboxPatch((0.04, 0.04), 0.92, 0.92, boxstyle="round,pad=0,rounding_size=0.18",
                       facecolor=BACKGROUND, edgecolor="none")
    )
    return figure, axes


def _node(axes: plt.Axes, x: float, y: float, symbol: str, radius: float, width: float) -> None:
    """A circle on the cell-state line with a × or + drawn as two strokes."""
    axes.add_patch(Circle((x, y), radius, facecolor=BACKGROUND, edgecolor=LINE, linewidth=pt(width), zorder=3))
    arm = radius * 0.5
    stroke = {"color": LINE, "linewidth": pt(width), "solid_capstyle": "round", "zorder": 4}
    if symbol == "+":
        axes.plot([x - arm, x + arm], [y, y], **stroke)
        axes.plot([x, x], [y - arm, y + arm], **stroke)
    else:
        arm *= 0.75
        axes.plot([x - arm, x + arm], [y - arm, y + arm], **stroke)
        axes.plot([x - arm, x + arm], [y + arm, y - arm], **stroke)


def _cell_state(axes: plt.Axes, y: float, width: float, radius: float, nodes: tuple[float, float]) -> None:
    """The cell state: a line with a × node (forget) and a + node (write), at x = `nodes`."""
    arrow = FancyArrowPatch((0.12, y), (0.90, y), arrowstyle="-|>", mutation_scale=pt(width * 4),
                            color=LINE, linewidth=pt(width), zorder=2)
    axes.add_patch(arrow)
    _node(axes, nodes[0], y, "×", radius, width * 0.8)
    _node(axes, nodes[1], y, "+", radius, width * 0.8)


def draw_logo(path: Path, pixels: int = 256) -> None:
    figure, axes = _canvas(pixels)
    top, gate_bottom, gate_top = 0.73, 0.25, 0.41  # the drawing is centred vertically
    _cell_state(axes, top, width=0.022, radius=0.075, nodes=(0.36, 0.64))
    # Four gates below the cell state: forget, input, candidate, output.
    xs = {"f": 0.22, "i": 0.42, "g": 0.60, "o": 0.80}
    for name, x in xs.items():
        axes.add_patch(FancyBboxPatch((x - 0.065, gate_bottom), 0.13, gate_top - gate_bottom,
                                      boxstyle="round,pad=0,rounding_size=0.03",
                                      facecolor=GATES[name], edgecolor="none", zorder=2))
        axes.text(x, (gate_bottom + gate_top) / 2, name, color=BACKGROUND, fontsize=pt(0.09), fontweight="bold",
                  ha="center", va="center", family="DejaVu Serif", style="italic", zorder=3)
    line = {"color": LINE, "linewidth": pt(0.012), "solid_capstyle": "round", "zorder": 1}
    axes.plot([0.22, 0.22, 0.36, 0.36], [gate_top, 0.50, 0.50, top], **line)  # forget gate to ×
    axes.plot([0.42, 0.42, 0.64, 0.64], [gate_top, 0.53, 0.53, top], **line)  # input gate to +
    axes.plot([0.60, 0.60], [gate_top, 0.53], **line)  # the candidate joins the input gate
    axes.plot([0.80, 0.80], [gate_top, top], **line)  # the output gate reads the cell state
    figure.savefig(path, transparent=True, metadata=METADATA)
    plt.close(figure)


def draw_favicon(path: Path, pixels: int = 64) -> None:
    figure, axes = _canvas(pixels)
    _cell_state(axes, 0.5, width=0.045, radius=0.14, nodes=(0.30, 0.62))
    figure.savefig(path, transparent=True, metadata=METADATA)
    plt.close(figure)


def main() -> int:
    images = ROOT / "images"
    images.mkdir(exist_ok=True)
    draw_logo(images / "logo.png")
    draw_favicon(images / "favicon.png")
    # Browsers ask for /favicon.ico on pages that name no icon, such as the redirect
    # that _build/html/index.html is: the build copies this file to the site's root.
    draw_favicon(images / "favicon-32.png", pixels=32)
    Image.open(images / "favicon-32.png").save(images / "favicon.ico", sizes=[(32, 32)])
    (images / "favicon-32.png").unlink()
    for name in ("logo.png", "favicon.png", "favicon.ico"):
        print(f"wrote images/{name} ({(images / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
