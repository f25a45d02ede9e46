"""A 督办 office: departments and leaders in the directory (data.py)."""
from __future__ import annotations

import pytest

from .data import seed_directory


@pytest.fixture
def office(store):
    seed_directory(store)
    return store
