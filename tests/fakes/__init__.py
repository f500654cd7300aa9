"""Fakes of external services for the tests (local only, never the internet)."""
