"""The docs stay true to the repository (issue #29): the README fits a screen or two and links into docs/; every
link between the documents reaches a file and a heading that exist; every file path they name exists; the size of
the suite they state is the suite's; no module outgrows the 500 lines the house keeps."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# A path in backticks: folders and files of the repository, named from its root (`tracker/lib/forms.py`).
NAMED_PATH = re.compile(r"`((?:tracker|forecasts|tests|bench|seeds|docs|\.ci)/[\w./-]*?)(?::\w+)?`")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors_of(document: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", document.read_text(), flags=re.S)  # a "# comment" in a code block is no heading
    return {github_anchor(line.lstrip("#")) for line in text.splitlines() if re.match(r"#{1,6} ", line)}


def test_the_readme_is_a_screen_or_two_and_links_into_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 200
    for guide in ("user-guide", "api", "operations", "architecture", "forecasting", "benchmarks"):
        assert f"](docs/{guide}.md)" in readme, guide
    assert "](CONTRIBUTING.md)" in readme


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_reaches_a_file_and_a_heading(document):
    broken = []
    prose = re.sub(r"`[^`]*`", "", document.read_text())  # a link written as an example in code is no link
    for target in LINK.findall(prose):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto: outside the repository
        path, _, anchor = target.partition("#")
        destination = (document.parent / path).resolve() if path else document
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors_of(destination):
            broken.append(f"{target}: no such heading")
    assert broken == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_the_docs_name_exists(document):
    named = [path for path in NAMED_PATH.findall(document.read_text()) if not path.startswith("bench/results/")]
    missing = [path for path in named if not (ROOT / path.rstrip("/")).exists()]  # results are written by a run
    assert missing == []


def test_the_size_of_the_suite_the_docs_state_is_the_suites():
    stated = re.search(r"about ([\d,]+)\s+test functions", (ROOT / "CONTRIBUTING.md").read_text())
    assert stated is not None
    counted = sum(len(re.findall(r"^\s*def test_", path.read_text(), re.M)) for path in (ROOT / "tests").rglob("*.py"))
    assert abs(int(stated.group(1).replace(",", "")) - counted) <= counted * 0.1, counted


def test_no_module_is_over_500_lines():
    modules = [*ROOT.joinpath("tracker").rglob("*.py"), *ROOT.joinpath("forecasts").rglob("*.py")]
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > 500
    }
    assert long == {}
