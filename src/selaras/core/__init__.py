"""Pure-Python domain logic. Nothing under this package may import Django (tests/core/test_core_is_pure.py)."""
