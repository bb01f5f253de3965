"""A question's link-preview image (Open Graph `og:image`, issue #33): a 1200 × 630 SVG card with the title, the
community's number in words and the question's chart, drawn by the project like every chart (pure Python, no
Django). The chart comes in as charts.py or distribution_charts.py drew it and is placed inside the card."""

import re
import textwrap
from html import escape

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CHART_BOX = (60, 250, 1080, 300)  # x, y, width, height
TITLE_CHARACTERS, TITLE_LINES = 46, 3


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, TITLE_CHARACTERS)
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = lines[-1][: TITLE_CHARACTERS - 1].rstrip() + "…"
    return lines


def _placed(chart_svg: str) -> str:
    """The chart's own <svg> moved into the card's chart box (its viewBox keeps its drawing). A page's chart is
    HTML, where an attribute may stand alone (`data-chart-keys`); an image is XML, where it takes a value."""
    x, y, width, height = CHART_BOX
    chart = re.sub(r"^<svg\b", f'<svg x="{x}" y="{y}" width="{width}" height="{height}"', chart_svg, count=1)
    return re.sub(r" (data-[\w-]+)(?=[ >])(?!=)", r' \1=""', chart)


def preview_card(*, title: str, headline: str, footer: str, chart_svg: str) -> str:
    """The card as one SVG document."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" '
        f'viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}" role="img" aria-label="{escape(title)}: {escape(headline)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{CARD_WIDTH}" height="{CARD_HEIGHT}" fill="#ffffff"/>',
        f'<rect width="{CARD_WIDTH}" height="10" fill="#0b5cad"/>',
    ]
    for index, line in enumerate(_title_lines(title)):
        parts.append(
            f'<text x="60" y="{80 + index * 46}" font-family="sans-serif" font-size="38" font-weight="700" '
            f'fill="#1f2328">{escape(line)}</text>'
        )
    parts.append(
        f'<text x="60" y="235" font-family="sans-serif" font-size="30" fill="#0b5cad">{escape(headline)}</text>'
    )
    parts.append(_placed(chart_svg))
    parts.append(
        f'<text x="60" y="{CARD_HEIGHT - 28}" font-family="sans-serif" font-size="22" fill="#57606a">'
        f"Signpost · {escape(footer)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
