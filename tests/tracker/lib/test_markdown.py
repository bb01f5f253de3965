"""Comments' Markdown: rendered, then cleaned against an allow-list. Stored XSS attempts come out inert."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.lib.markdown import LINK_REL, mentioned_usernames, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle/></svg>",
    "<svg><script>alert(1)</script></svg>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox)",
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "![x](https://evil.example/pixel.png)",
    "<<script>script>alert(1)<</script>/script>",
    '[x](https://ok.example/" onmouseover="alert(1))',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

# What would run: a real tag that executes or embeds, an event-handler attribute, a script URL in an attribute.
DANGEROUS = re.compile(
    r"<\s*(script|svg|img|iframe|style|math|object|embed)\b|<[^>]*\son\w+\s*="
    r"|<[a-z][^>]*\b(href|src)\s*=\s*\"?\s*(javascript|data|vbscript):",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_xss_attempts_render_inert(payload):
    html = render_markdown(payload)
    assert not DANGEROUS.search(html), html


def test_markdown_renders_and_links_get_the_rel_of_user_content():
    html = render_markdown(
        "**Bold**, _em_, `code`, ~~gone~~ and [a report](https://example.org/r).\n\n> quoted\n\n- one\n- two"
    )
    assert "<strong>Bold</strong>" in html
    assert "<em>em</em>" in html
    assert "<code>code</code>" in html
    assert "<s>gone</s>" in html
    assert "<blockquote>" in html
    assert "<li>one</li>" in html
    assert f'<a href="https://example.org/r" rel="{LINK_REL}">a report</a>' in html


def test_headings_never_outrank_the_page_and_images_stay_links():
    assert render_markdown("# Big").strip() == "<h4>Big</h4>"
    html = render_markdown("![chart](https://example.org/c.png)")
    assert "<img" not in html
    assert 'href="https://example.org/c.png"' in html


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_markdown("<b>bold</b>")


FRAGMENTS = [*"<>/=\"' :()[]!abcdehijlnoprstvx\n", "script", "javascript:", "onerror", "svg", "img", "href"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_no_text_renders_anything_executable(text):
    assert not DANGEROUS.search(render_markdown(text))


def test_mentions_are_usernames_at_word_boundaries_once_each():
    text = "@alex and @Bailey, see @alex again; mail a@b.org. (@demo-cedar) @dana."
    assert mentioned_usernames(text) == ["alex", "Bailey", "demo-cedar", "dana"]
    assert mentioned_usernames("no mentions here, email x@y.z") == []
