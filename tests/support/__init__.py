"""Reusable test machinery: database servers, builders, browser. Imported by tests/conftest.py."""
