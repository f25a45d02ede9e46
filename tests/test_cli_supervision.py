"""`main.py export supervision-…`: the 通报 as .pdf and .xlsx, the 通知单 and 催办单 by number,
one-line Chinese errors."""
from __future__ import annotations

import openpyxl
import pytest

from desktop.cli import main
from desktop.services.store import open_store
from tests.reports.test_pdf_register import page_texts, squash
from tests.services.supervision.data import build_register, seed_directory


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.db"
    store = open_store(path)
    seed_directory(store)
    build_register(store)
    store.close()
    return path


def _run(capsys, *argv):
    """(exit code, stdout, stderr's last line: the first run also says it made the 主任 account)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, (err.strip().splitlines() or [""])[-1]


def test_bulletin_pdf_and_xlsx(capsys, office, tmp_path):
    pdf = tmp_path / "督办通报.pdf"
    code, out, err = _run(capsys, "export", "supervision-bulletin", "--db", str(office), "--from", "2026-10-01",
                          "--to", "2026-10-31", "-o", str(pdf))
    assert (code, out.strip()) == (0, f"已导出 {pdf}"), err
    text = squash(page_texts(pdf)[0])
    assert "督办通报期间：2026年10月01日至2026年10月31日" in text
    assert "2医务部31110033.3%" in text  # as test_bulletin counts them by hand
    xlsx = tmp_path / "督办通报.xlsx"
    assert _run(capsys, "export", "supervision-bulletin", "--db", str(office), "--from", "2026-10-01",
                "--to", "2026-10-31", "-o", str(xlsx))[0] == 0
    rows = list(openpyxl.load_workbook(xlsx)["各科室办理情况"].iter_rows(min_row=3, values_only=True))
    assert rows[2][:6] == ("护理部", 4, 2, 1, 0, 1)


def test_notice_and_reminder_by_number(capsys, office, tmp_path):
    for what, title in (("supervision-notice", "督办通知单"), ("supervision-reminder", "催办单")):
        out = tmp_path / f"{title}.pdf"
        code, _out, err = _run(capsys, "export", what, "--db", str(office), "--number", "督〔2026〕12号-2",
                               "-o", str(out))
        assert code == 0, err
        text = squash(page_texts(out)[0])
        assert f"医院{title}" in text and "督办编号：督〔2026〕12号-2" in text and "信息科" in text


def test_errors_are_one_chinese_line(capsys, office, tmp_path):
    code, _out, err = _run(capsys, "export", "supervision-notice", "--db", str(office), "--number", "督〔2026〕99号",
                           "-o", str(tmp_path / "x.pdf"))
    assert (code, err.strip()) == (1, "错误：没有督办编号为 督〔2026〕99号 的事项。")
    code, _out, err = _run(capsys, "export", "supervision-notice", "--db", str(office), "--number", "12",
                           "-o", str(tmp_path / "x.pdf"))
    assert (code, err.strip()) == (1, "错误：编号“12”不符合格式“督〔2026〕1号”。")
    code, _out, err = _run(capsys, "export", "supervision-bulletin", "--db", str(office), "--from", "2026-10-31",
                           "--to", "2026-10-01", "-o", str(tmp_path / "x.pdf"))
    assert (code, err.strip()) == (2, "错误：--to 不能早于 --from")
    code, _out, err = _run(capsys, "export", "supervision-notice", "--db", str(office), "--number", "督〔2026〕1号",
                           "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "输出文件应以 .pdf 结尾" in err
    assert not list(tmp_path.glob("x.*"))
