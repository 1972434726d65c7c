"""The test suite (a package, so that conftest.py is imported once, as tests.conftest)."""
