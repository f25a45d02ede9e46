"""单位名称: stored with the data, trimmed, never empty."""
from __future__ import annotations

import pytest

from desktop.services.errors import ServiceError
from desktop.services.hospital import hospital_name, set_hospital_name


def test_none_until_set_then_stored_trimmed(store):
    with store.read() as s:
        assert hospital_name(s) == ""
    with store.write() as s:
        assert set_hospital_name(s, "  湘南  人民医院 ") == "湘南 人民医院"
    with store.write() as s:
        set_hospital_name(s, "湘南市第一人民医院")
    with store.read() as s:
        assert hospital_name(s) == "湘南市第一人民医院"


@pytest.mark.parametrize("name, message", [("   ", "单位名称不能为空。"), ("医" * 41, "单位名称过长（最多 40 个字）。")])
def test_empty_or_overlong_name_refused(store, name, message):
    with store.write() as s, pytest.raises(ServiceError) as err:
        set_hospital_name(s, name)
    assert err.value.message == message
