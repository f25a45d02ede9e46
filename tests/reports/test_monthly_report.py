"""The 院办工作月报 of October 2026 for the hand-counted office (tests/services/stats/conftest.py),
made by the command line and read back with pypdf."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.services import clock
from desktop.services.hospital import set_hospital_name
from tests.services.stats.conftest import fill, fill_roster


@pytest.fixture
def report(store, tmp_path, capsys):
    with store.write() as session:
        fill(session)
        fill_roster(session)
        set_hospital_name(session, "湘南市第一人民医院")
    path = str(store.path)
    store.close()
    out = tmp_path / "月报.pdf"
    with clock.frozen(dt.datetime(2026, 11, 20, 10)):
        assert main(["export", "monthly-report", "--db", path, "--month", "2026-10", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 {out}"
    return PdfReader(out)


def _words(page) -> str:
    return re.sub(r"\s+", "", page.extract_text())


def test_title_page(report):
    title = _words(report.pages[0])
    for words in ("湘南市第一人民医院", "院办工作月报", "2026年10月", "院办公室", "2026年11月20日"):
        assert words in title


def test_the_summary_reads_like_a_report(report):
    text = "".join(_words(p) for p in report.pages)
    assert "本月收文6件，较上月增加100.0%；发文2件，较上月增加100.0%。" in text
    assert "本月收文中尚未办结2件，其中已逾期1件。" in text
    assert ("本月办结收文4件，办理时长中位数5.0个工作日，90%的文件在8个工作日内办结；"
            "有办理时限的2件中按时限办结1件，占50.0%。") in text
    assert "督办按期办结率25.0%，较上月下降25.0个百分点；截至期末逾期未办结2项。" in text


def test_the_tables_behind_the_charts(report):
    text = "".join(_words(p) for p in report.pages)
    assert "湖南省卫生健康委员会466.7%" in text  # 来文单位, 件数, 占比: 4 of 6
    assert "长沙市卫生健康委员会233.3%" in text
    assert "通知466.7%" in text and "请示116.7%" in text
    # as the 督办通报: 事项, 按期办结, 逾期办结, 逾期未办结, 办理中, 按期率 — worst first
    assert "护理部200110.0%医务部3111033.3%" in text
    assert "按期率＝按期办结÷（按期办结＋逾期办结＋逾期未办结）" in text
    assert "督〔2026〕5号督办事项5护理部2026-09-1546天" in text
    assert "督〔2026〕3号督办事项3医务部2026-10-283天" in text


def test_the_duty_summary(report):
    """The roster of tests/services/stats/test_duty_load.py: 带班领导 甲 2; 总值班 乙 3, 丙 2, 丁 0;
    over the window 乙 4 / 丙 3 / 丁 1, rest days 3 / 0 / 1, nights 2 / 1 / 0."""
    text = "".join(_words(p) for p in report.pages)
    assert "本月行政总值班：带班领导共排班2人次（1人，每人2次）；总值班共排班5人次（3人，每人0～3次）。" in text
    assert ("按近一年滚动计，带班领导每人值班次数相差不超过1次，总值班每人值班次数相差3次；"
            "休息日/节假日值班相差3次；夜班相差最多2次。") in text
    assert "带班领导12220/0/0" in text  # 人数, 本月人次, 本月每人, 近一年每人, 近一年相差
    assert "总值班350～31～43/3/2" in text


def test_charts_are_embedded_and_every_page_numbered(report):
    assert sum(len(page.images) for page in report.pages) == 6
    total = len(report.pages)
    for number, page in enumerate(report.pages, start=1):
        assert f"第{number}页/共{total}页" in _words(page)


def test_a_month_written_otherwise_is_refused(store, tmp_path, capsys):
    path = str(store.path)
    store.close()
    assert main(["export", "monthly-report", "--db", path, "--month", "十月", "-o", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
    assert "月份应写作 YYYY-MM" in capsys.readouterr().err
