"""The API tests' world and clients (tests/api_world.py), shared by the tracker's and the forecasts' API tests."""

from tests.api_world import as_user, generous_throttles, world  # noqa: F401  (fixtures)
