"""The 发文 commands: register (PDF and Excel), the GB/T 9704 document and the drafting sheet by
发文字号, and the import of a legacy register; errors are one Chinese line."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.services import clock
from desktop.services.hospital import set_hospital_name
from desktop.services.outgoing import numbering
from desktop.services.store import open_store
from tests.services.outgoing.conftest import setup_office, signed


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.db"
    store = open_store(path)
    with clock.frozen(dt.datetime(2026, 3, 2, 9)), store.write() as s:
        setup_office(s)
        set_hospital_name(s, "湖南省职业病防治院")
        numbering.save_code(s, numbering.CodeRow("院发", "湖南省职业病防治院文件", id=1))
        signed(s, title="关于调整安全生产领导小组的通知", body="一、调整后的领导小组。\n请各科室遵照执行。")
        cancelled, _ = signed(s, title="关于印发值班制度的通知")
        numbering.cancel_number(s, cancelled, "标题有误", "测试主任")
        signed(s, code="院办发", title="关于做好节前安全检查的通知", day=dt.date(2026, 3, 4))
    store.close()
    return path


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err.removeprefix("此数据库还没有账户：已创建主任账户“测试主任”。\n")


def _text(pdf) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)


def test_register_pdf_and_xlsx(capsys, office, tmp_path):
    pdf = tmp_path / "发文登记簿.pdf"
    code, out, _ = _run(capsys, "export", "outgoing-register", "--db", str(office), "--from", "2026-01-01",
                        "--to", "2026-12-31", "-o", str(pdf))
    assert code == 0 and out == f"已导出 {pdf}\n"
    text = _text(pdf)
    assert "湖南省职业病防治院发文登记簿" in text and "院发〔2026〕1号" in text and "作废：标题有误" in text
    assert "院办发〔2026〕1号" in text
    xlsx = tmp_path / "发文登记簿.xlsx"
    code, out, _ = _run(capsys, "export", "outgoing-register", "--db", str(office), "--from", "2026-03-03",
                        "--to", "2026-12-31", "-o", str(xlsx))
    assert code == 0
    rows = list(openpyxl.load_workbook(xlsx).active.values)
    assert [r[0] for r in rows] == ["发文字号", "院办发〔2026〕1号"]
    code, out, _ = _run(capsys, "export", "outgoing-register", "--db", str(office), "--from", "2026-03-03",
                        "--to", "2026-12-31", "-o", str(xlsx))
    assert code == 0 and "（已替换原有文件）" in out


def test_document_and_draft_sheet_by_number(capsys, office, tmp_path):
    doc = tmp_path / "院发1号.pdf"
    code, _, _ = _run(capsys, "export", "outgoing-document", "--db", str(office), "--number", "院发〔2026〕1号",
                      "-o", str(doc))
    assert code == 0
    text = _text(doc)
    assert text.index("湖南省职业病防治院文件") < text.index("院发〔2026〕1号") < text.index("关于调整安全生产领导小组的通知")
    assert "一、调整后的领导小组。" in text and "2026年3月2日" in text
    sheet = tmp_path / "稿纸.pdf"
    code, _, _ = _run(capsys, "export", "outgoing-draft-sheet", "--db", str(office), "--number", "院办发〔2026〕1号",
                      "-o", str(sheet))
    assert code == 0 and "湖南省职业病防治院发文稿纸" in _text(sheet) and "关于做好节前安全检查的通知" in _text(sheet)


def test_bad_number_unknown_number_and_cancelled_document(capsys, office, tmp_path):
    out = tmp_path / "x.pdf"
    code, _, err = _run(capsys, "export", "outgoing-document", "--db", str(office), "--number", "院发2026-1",
                        "-o", str(out))
    assert code == 2 and err == "错误：发文字号“院发2026-1”不符合格式“院发〔2026〕1号”。\n"
    code, _, err = _run(capsys, "export", "outgoing-draft-sheet", "--db", str(office), "--number", "院发〔2026〕9号",
                        "-o", str(out))
    assert code == 1 and err == "错误：没有找到发文字号为“院发〔2026〕9号”的发文。\n"
    code, _, err = _run(capsys, "export", "outgoing-document", "--db", str(office), "--number", "院发〔2026〕2号",
                        "-o", str(out))
    assert code == 1 and "已作废" in err
    code, _, err = _run(capsys, "export", "outgoing-document", "--db", str(office), "--number", "院发〔2026〕1号",
                        "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and ".pdf" in err
    code, _, err = _run(capsys, "export", "outgoing-register", "--db", str(office), "--from", "2026-12-31",
                        "--to", "2026-01-01", "-o", str(out))
    assert code == 2 and "--to 不能早于 --from" in err
    assert not out.exists()


def test_import_round_trip_and_bad_file_imports_nothing(capsys, office, tmp_path):
    xlsx = tmp_path / "reg.xlsx"
    assert _run(capsys, "export", "outgoing-register", "--db", str(office), "--from", "2026-01-01",
                "--to", "2026-12-31", "-o", str(xlsx))[0] == 0
    fresh = tmp_path / "fresh.db"
    code, out, _ = _run(capsys, "import", "outgoing", "--db", str(fresh), str(xlsx))
    assert code == 0 and out.startswith("已导入 3 条发文。")
    assert "以下机关代字尚未在设置中添加：院办发、院发" in out
    again = tmp_path / "again.xlsx"
    _run(capsys, "export", "outgoing-register", "--db", str(fresh), "--from", "2026-01-01", "--to", "2026-12-31",
         "-o", str(again))
    rows = lambda p: list(openpyxl.load_workbook(p).active.values)  # noqa: E731
    # the same rows; their order may differ: the fresh database has no 代字 order configured
    assert rows(again)[0] == rows(xlsx)[0] and Counter(rows(again)) == Counter(rows(xlsx))
    wb = openpyxl.load_workbook(xlsx)
    wb.active.cell(row=3, column=1).value = "不是文号"
    wb.save(xlsx)
    target = tmp_path / "third.db"
    code, _, err = _run(capsys, "import", "outgoing", "--db", str(target), str(xlsx))
    assert code == 1 and "第 3 行：发文字号“不是文号”不符合格式" in err
    assert not target.exists()
    code, out, _ = _run(capsys, "import", "outgoing", "--db", str(target), str(xlsx), "--skip-bad-rows")
    assert code == 0 and "已导入 2 条发文。" in out and "已跳过第 3 行" in out
