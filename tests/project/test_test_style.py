"""The suite's own habits (issue #29): one check per assert, so a failure says which part failed; tests laid
out like the code they test."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_assert_combines_checks_with_and():
    combined = []
    for path in TESTS.rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assert) and isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.And):
                combined.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert combined == []


# Tests that follow no one package: whole-system walks, real services, the repository itself, and the rules every
# page and endpoint keeps (privacy, input, query counts, the seed).
CROSS_CUTTING = {"e2e", "integration", "project", "fixtures"}


def test_the_tests_mirror_the_code_s_packages():
    """tests/tracker/questions/ tests tracker/questions/, and so on: a newcomer finds a module's tests by its path."""
    misplaced = []
    for path in TESTS.rglob("test_*.py"):
        parts = path.relative_to(TESTS).parts
        if "node_modules" in parts or parts[0] in CROSS_CUTTING or len(parts) == 1:
            continue
        if len(parts) != 3 or parts[0] not in {"tracker", "forecasts"}:
            misplaced.append(f"{'/'.join(parts)}: tests/<app>/<package>/test_*.py")
        elif (
            not (TESTS.parent / parts[0] / parts[1]).exists()
            and not (TESTS.parent / parts[0] / f"{parts[1]}.py").exists()
        ):
            misplaced.append(f"{'/'.join(parts)}: no package {parts[0]}/{parts[1]}")
    assert misplaced == []
    stray = sorted(
        child.name
        for child in TESTS.iterdir()
        if child.is_dir() and child.name not in {*CROSS_CUTTING, "tracker", "forecasts", "__pycache__"}
    )
    assert stray == []
