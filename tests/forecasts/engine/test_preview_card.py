"""The link-preview card: a long title wraps to three lines and ends with an ellipsis; text is escaped."""

from forecasts.engine.preview_card import preview_card


def test_a_long_title_wraps_to_three_lines_and_text_is_escaped():
    title = "Will the European Union adopt a new package of sanctions against Russia naming North Korean " * 2
    card = preview_card(title=title, headline="Community forecast 75% <b>", footer="open", chart_svg="<svg></svg>")
    lines = [part.rsplit(">", 1)[1] for part in card.split("</text>") if 'font-size="38"' in part]
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(len(line) <= 46 for line in lines)
    assert "&lt;b&gt;" in card
    assert '<svg x="60" y="250" width="1080" height="300"></svg>' in card
