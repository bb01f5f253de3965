"""Article files to clean text (pure, standard library): HTML reduced to its readable text, Markdown markup
stripped, plain text kept as it is."""

import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "noscript", "template", "nav", "footer", "header", "aside", "form", "svg", "iframe"}
BLOCKS = {"p", "div", "section", "article", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return _tidy("".join(reader.parts))


def markdown_to_text(markdown: str) -> str:
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", markdown, flags=re.M)  # headings
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)  # bold
    text = re.sub(r"(?<!\w)([*_])(.+?)\1(?!\w)", r"\2", text)  # italics
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)  # list markers
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    return _tidy(text)


def article_text(content: str, *, filename: str = "") -> str:
    """Clean text from a .txt, .html/.htm or .md file's content."""
    name = filename.lower()
    if name.endswith((".html", ".htm")) or re.match(r"\s*<(?:!doctype|html|body|article|p)\b", content, re.I):
        return html_to_text(content)
    if name.endswith((".md", ".markdown")):
        return markdown_to_text(content)
    return content.strip()


def highlight_segments(text: str, spans: list[tuple[int, int, object]]) -> list[tuple[str, object | None]]:
    """The text cut into (piece, mark) segments, where each span [start, end) carries its mark and the rest carries
    None. Spans are taken by start (the longer first); one overlapping an earlier span is left out."""
    segments, cursor = [], 0
    for start, end, mark in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < cursor or not 0 <= start < end <= len(text):
            continue
        if start > cursor:
            segments.append((text[cursor:start], None))
        segments.append((text[start:end], mark))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], None))
    return segments
