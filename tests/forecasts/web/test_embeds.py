"""Embeds (issue #33): a public question's chart and numbers in an iframe page (light or dark, cacheable, no
cookies, framable from anywhere), its oEmbed answer and the Open Graph tags that announce it; never a private
question, a draft, or a crowd hidden until one forecasts."""

from xml.etree import ElementTree

import pytest

from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    team = TeamFactory(slug="desk")
    public = make_question(team=team, title='Will Seoul send "air defence"?', slug="air-defence")
    forecast_submit(user=UserFactory(), question=public, probability=0.3)
    forecast_submit(user=UserFactory(), question=public, probability=0.5)
    private = make_question(team=team, visibility="team", title="Desk matter", slug="desk-matter")
    hidden = make_question(title="Hidden crowd", slug="hidden-crowd", hide_crowd_until_forecast=True)
    draft = make_question(title="A draft", slug="a-draft", status="draft")
    return type("Questions", (), {"team": team, **locals()})


def test_a_public_question_embeds_with_its_numbers_and_chart(client, questions):
    response = client.get("/embed/questions/air-defence/?theme=dark")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Community forecast <strong>40%</strong>" in html
    assert "2 forecasters" in html
    assert "<svg" in html
    assert 'class="embed embed-dark"' in html
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "public" in response.headers["Cache-Control"]
    assert not response.cookies  # nothing read or set about the reader
    assert "csrfmiddlewaretoken" not in html
    assert 'class="embed embed-light"' in client.get("/embed/questions/air-defence/?theme=neon").content.decode()


def test_never_a_private_question_a_draft_or_a_hidden_crowd_even_for_its_team(client, questions):
    client.force_login(member(questions.team, username="insider"))
    for slug in ("desk-matter", "hidden-crowd", "a-draft", "no-such-question"):
        assert client.get(f"/embed/questions/{slug}/").status_code == 404, slug
        assert client.get(f"/oembed/?url=http://testserver/questions/{slug}/").status_code == 404, slug


def test_oembed_describes_the_iframe(client, questions, settings):
    settings.SITE_URL = "https://signpost.example"
    answer = client.get("/oembed/?url=https://signpost.example/questions/air-defence/&maxwidth=500").json()
    assert (answer["type"], answer["version"], answer["width"], answer["height"]) == ("rich", "1.0", 500, 420)
    assert 'src="https://signpost.example/embed/questions/air-defence/"' in answer["html"]
    assert 'title="Will Seoul send &quot;air defence&quot;?"' in answer["html"]
    assert (
        client.get("/oembed/?url=https://signpost.example/questions/air-defence/&maxwidth=wide").json()["width"] == 640
    )
    assert client.get("/oembed/?url=https://signpost.example/leaderboards/").status_code == 404
    assert client.get("/oembed/?url=https://signpost.example/questions/air-defence/&format=xml").status_code == 501


def test_a_public_question_page_announces_itself_and_a_private_one_does_not(client, questions):
    page = client.get("/questions/air-defence/").content.decode()
    assert '<meta property="og:title" content="Will Seoul send &quot;air defence&quot;?">' in page
    assert 'type="application/json+oembed"' in page
    assert "40%" not in page.split("</head>")[0]  # the tags say no number: a preview is no place for the crowd
    client.force_login(member(questions.team, username="insider"))
    assert "og:title" not in client.get("/questions/desk-matter/").content.decode()
    assert "json+oembed" not in client.get("/questions/hidden-crowd/").content.decode()


def test_a_numeric_question_embeds_with_its_median_and_interval(client):
    question = make_question(type="numeric", title="How many troops?", slug="how-many-troops")
    forecast_submit(user=UserFactory(), question=question, quantiles=[[0.1, 7_500], [0.5, 12_000], [0.9, 19_000]])
    html = client.get("/embed/questions/how-many-troops/").content.decode()
    assert "Community median <strong>12,000 troops</strong> (80% between 7,500–19,000)" in html
    assert "Community median 12,000 troops" in html  # the fan chart's point, in the unit


def test_the_link_preview_image_is_an_svg_card_of_a_public_question_only(client, questions):
    response = client.get("/embed/questions/air-defence/preview.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "public" in response.headers["Cache-Control"]
    card = response.content.decode()
    ElementTree.fromstring(card)  # an image is XML: it parses, chart and all
    assert card.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"')
    assert "Community forecast 40%" in card
    assert "Will Seoul send &quot;air defence&quot;?" in card  # escaped, never raw markup from a title
    assert '<svg x="60" y="250" width="1080" height="300"' in card  # the question's chart, placed in the card
    assert not response.cookies
    for hidden in ("desk-matter", "hidden-crowd", "a-draft"):
        assert client.get(f"/embed/questions/{hidden}/preview.svg").status_code == 404
    page = client.get("/questions/air-defence/").content.decode()
    assert '<meta property="og:image" content="http://testserver/embed/questions/air-defence/preview.svg">' in page
    assert "og:image" not in client.get("/questions/hidden-crowd/").content.decode()


def test_the_preview_card_of_a_multiple_choice_and_a_numeric_question_says_their_number(client):
    choice = make_question(type="multiple_choice", options=["Low", "High"], title="Which level?", slug="which-level")
    forecast_submit(user=UserFactory(), question=choice, probabilities=[0.3, 0.7])
    assert "Most likely: High 70% (of 2)" in client.get("/embed/questions/which-level/preview.svg").content.decode()
    numeric = make_question(type="numeric", title="How many?", slug="how-many")
    assert "No forecasts yet" in client.get("/embed/questions/how-many/preview.svg").content.decode()
    forecast_submit(user=UserFactory(), question=numeric, quantiles=[[0.1, 7_500], [0.5, 12_000], [0.9, 19_000]])
    card = client.get("/embed/questions/how-many/preview.svg").content.decode()
    assert "Community median 12,000 troops (80% between 7,500–19,000)" in card
