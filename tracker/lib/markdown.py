"""Markdown written by users, rendered to HTML that is safe to put on a page.

Two libraries, each doing what it is good at: markdown-it-py renders CommonMark with raw HTML turned off (any
`<tag>` typed is shown as text), and nh3 (the Rust sanitiser ammonia) then keeps only an allow-list of tags,
attributes and URL schemes, and gives every link `rel="nofollow ugc noopener"`. The second pass is what makes it
safe: whatever the renderer lets through (a `javascript:` link, an attribute), the sanitiser removes.

Pure: no Django, so it is tested without a database.
"""

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_renderer = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("strikethrough")
    .disable("image")
)
# Images are not embedded (a tracking pixel in a comment would tell its author who read it): `![alt](url)` stays a
# link. Headings a comment writes (#, ##) would compete with the page's own: they become h3/h4 at most.
_HEADING = re.compile(r"<(/?)h[1-6]>")

# "@name" at a word boundary, where name is a username (letters, digits and @.+-_ in Django's validator; a final
# dot is punctuation, not part of the name).
_MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*[\w+-])")


def render_markdown(text: str) -> str:
    """The text as sanitised HTML: CommonMark, raw HTML escaped, only allow-listed tags, attributes and links."""
    html = _renderer.render(text)
    html = _HEADING.sub(lambda match: f"<{match.group(1)}h4>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def mentioned_usernames(text: str) -> list[str]:
    """The usernames mentioned as @name, in order of first mention, without duplicates (case kept as written)."""
    seen: dict[str, str] = {}
    for name in _MENTION.findall(text):
        seen.setdefault(name.lower(), name)
    return list(seen.values())
