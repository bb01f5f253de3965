"""Real services a test needs: skipped on a developer's machine when absent, a failure in CI (CI=true)."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, available: bool, how_to_get_it: str) -> None:
    if available:
        return
    message = f"{name} is not available: {how_to_get_it}"
    if IN_CI:
        pytest.fail(f"CI must provide {name}. {message}")
    pytest.skip(message)
