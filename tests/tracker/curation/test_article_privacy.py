"""A team's articles are the team's (issue #27, 2): an article imported for a team, its claim suggestions and its
highlights are seen by the team's members only, on every page, endpoint and import that names articles; shared
articles (no team) and the seed's public news stay public."""

import pytest
from rest_framework.test import APIClient

from tests.factories import SourceFactory, TeamFactory, UserFactory, make_question, member
from tracker.curation.evidence_io import evidence_import
from tracker.curation.selectors import source_list, user_can_see_source
from tracker.curation.services import suggestions_refresh
from tracker.models import Evidence, Membership

pytestmark = pytest.mark.django_db

TEXT = "Seoul weighs its options. Analysts expect that South Korea will send artillery shells to Ukraine by June 2030."
QUOTE = "Analysts expect that South Korea will send artillery shells to Ukraine by June 2030."


@pytest.fixture
def w():
    desk, elsewhere = TeamFactory(slug="desk", name="Desk"), TeamFactory(slug="elsewhere")
    article = SourceFactory(slug="desk-scoop", title="Desk scoop on shells", text=TEXT, team=desk)
    suggestions_refresh(source=article)
    public_twin = make_question(
        team=desk, title="Will Seoul send shells by 2030?", origin_source=article, origin_quote=QUOTE
    )
    return {
        "desk": desk,
        "article": article,
        "public_twin": public_twin,
        "member": member(desk, username="insider"),
        "curator": member(desk, Membership.Role.CURATOR, username="deskcurator"),
        "outsiders": {
            "anonymous": None,
            "other forecaster": member(elsewhere, username="olive"),
            "other curator": member(elsewhere, Membership.Role.CURATOR, username="oscar"),
            "other admin": member(elsewhere, Membership.Role.ADMIN, username="otto"),
            "staff": UserFactory(username="sam", is_staff=True),
        },
    }


def _web(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def test_an_outsider_cannot_open_list_or_follow_a_link_to_a_team_s_article(w):
    for role, user in w["outsiders"].items():
        client = _web(user)
        assert client.get("/articles/desk-scoop/").status_code == 404, role
        assert "Desk scoop on shells" not in client.get("/scenarios/").content.decode(), role
        question_page = client.get(f"/questions/{w['public_twin'].slug}/").content.decode()
        assert QUOTE in question_page, role  # the team published the question and its quote
        assert "/articles/desk-scoop/" not in question_page, role
        assert "Desk scoop on shells" not in question_page, role
        origin = client.get(f"/api/v1/questions/{w['public_twin'].pk}/").json()["origin"]
        assert origin == {"article": "", "title": "", "url": "", "quote": QUOTE, "quote_start": None}, role
        assert not user_can_see_source(user=user, source=w["article"]), role
        assert not source_list(user=user).filter(pk=w["article"].pk).exists(), role


def test_the_team_s_members_see_the_article_its_highlights_and_its_claims(w):
    page = _web(w["member"]).get("/articles/desk-scoop/")
    assert page.status_code == 200
    assert "Will Seoul send shells by 2030?" in page.content.decode()
    assert "Desk scoop on shells" in _web(w["member"]).get("/scenarios/").content.decode()
    linked = _web(w["member"]).get(f"/questions/{w['public_twin'].slug}/").content.decode()
    assert 'href="/articles/desk-scoop/"' in linked
    assert _web(w["member"]).get(f"/api/v1/questions/{w['public_twin'].pk}/").json()["origin"]["article"] == (
        "desk-scoop"
    )
    curator_page = _web(w["curator"]).get("/articles/desk-scoop/").content.decode()
    assert "Create a question" in curator_page or "suggestion-" in curator_page


def test_shared_and_seeded_articles_stay_public(w):
    SourceFactory(slug="shared", title="A shared article", team=None)
    SourceFactory(slug="seeded", title="A seed article", team=w["desk"], seeded=True)
    for slug, title in (("shared", "A shared article"), ("seeded", "A seed article")):
        assert _web(None).get(f"/articles/{slug}/").status_code == 200
        assert title in _web(None).get("/scenarios/").content.decode()


def test_an_evidence_import_cannot_cite_another_team_s_article(w):
    other_curator = w["outsiders"]["other curator"]
    theirs = make_question(team=other_curator.memberships.get().team, title="Will the other desk's thing happen?")
    rows = [{"question": theirs.slug, "title": "Cited", "source": "desk-scoop", "stance": "supports_yes"}]
    report = evidence_import(rows=rows, actor=other_curator, dry_run=False)
    assert not report.applied
    assert not Evidence.objects.filter(question=theirs).exists()
    assert "No source with the slug 'desk-scoop'" in report.rows[0][2]
    # The team's own curator may cite it.
    mine = make_question(team=w["desk"], title="Will the desk's thing happen?")
    rows = [{"question": mine.slug, "title": "Cited", "source": "desk-scoop", "stance": "supports_yes"}]
    assert evidence_import(rows=rows, actor=w["curator"], dry_run=False).applied
