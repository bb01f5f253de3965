"""The suite's own habits (issue #29): one check per assert, so a failure says which part failed."""

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
