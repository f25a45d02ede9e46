"""收文 tab flows beyond registration: 今日 view, number format, Excel import, attachments, export."""
from __future__ import annotations

import datetime as dt

import openpyxl
from pypdf import PdfReader

from db.models import Attachment, IncomingDocument
from desktop.ui.incoming.tab import IncomingTab
from tests.ui.conftest import add_documents


def _tab(qtbot, ctx):
    tab = IncomingTab(ctx)
    qtbot.addWidget(tab)
    tab.ensure_detail()
    return tab


def test_today_view_shows_arrivals_and_due_or_overdue(qtbot, ctx):
    add_documents(ctx.store, 14)  # March 2026; every 7th has an overdue deadline
    now = dt.datetime.now().replace(microsecond=0)
    with ctx.store.write() as s:
        s.add(IncomingDocument(year=now.year, seq=99, received_at=now, sender="长沙市卫生健康委员会", title="今天收到的通知"))
    tab = _tab(qtbot, ctx)
    tab.filter_bar.today_button.setChecked(True)
    tab.filter_bar.apply_now()
    titles = {tab.model.data(tab.model.index(r, 4)) for r in range(tab.model.rowCount())}
    assert titles == {"今天收到的通知", "关于第1项工作的通知", "关于第8项工作的通知"}


def test_number_format_changes_display_not_numbers(qtbot, ctx, monkeypatch):
    from desktop.ui import numbering_dialog

    add_documents(ctx.store, 2)
    tab = _tab(qtbot, ctx)
    monkeypatch.setattr(numbering_dialog.NumberFormatDialog, "ask_text", staticmethod(lambda p, c, *_kind: "院收{year}-{seq}"))
    assert numbering_dialog.edit_number_format(ctx, tab)
    tab.model.refresh_rows()
    assert tab.model.data(tab.model.index(0, 0)) == "院收2026-2"
    monkeypatch.setattr(numbering_dialog.NumberFormatDialog, "ask_text", staticmethod(lambda p, c, *_kind: "没有年份"))
    assert not numbering_dialog.edit_number_format(ctx, tab)


def _legacy(path, rows, headers=("收文日期", "来文单位", "标题", "旧备注列")):
    wb = openpyxl.Workbook()
    wb.active.append(list(headers))
    for r in rows:
        wb.active.append(list(r))
    wb.save(path)


def test_import_maps_unknown_header_and_bad_rows_import_nothing(qtbot, ctx, tmp_path, monkeypatch, messages):
    from desktop.ui.incoming import import_dialog

    path = tmp_path / "legacy.xlsx"
    _legacy(path, [("2025-3-5", "湖南省卫生健康委员会", "关于甲的通知", "x"),
                   ("2025年3月6日", "长沙市卫生健康委员会", "关于乙的函", "y"),
                   ("不是日期", "长沙市卫生健康委员会", "关于丙的通知", "z")])
    asked = []
    monkeypatch.setattr(import_dialog.MappingDialog, "ask",
                        classmethod(lambda cls, unknown, fields, parent: asked.append(unknown) or {"旧备注列": "备注"}))
    tab = _tab(qtbot, ctx)
    monkeypatch.setattr(IncomingTab, "ask_open_path", staticmethod(lambda parent: str(path)))
    messages["answers"]["confirm"] = False  # decline skipping the bad row
    flow = tab.import_xlsx()  # reads in a worker thread
    with qtbot.waitSignal(flow.finished, timeout=10000) as done:
        pass
    assert done.args == [0]
    assert asked == [["旧备注列"]] and "第 4 行" in messages["confirm"][-1]
    with ctx.store.read() as s:
        assert s.query(IncomingDocument).count() == 0
    messages["answers"]["confirm"] = True  # now skip it explicitly
    flow = tab.import_xlsx()
    with qtbot.waitSignal(flow.finished, timeout=10000) as done:
        pass
    assert done.args == [2]
    assert messages["info"][-1] == "已导入 2 条收文。"
    assert tab.model.rowCount() == 2
    with ctx.store.read() as s:
        assert {d.remarks for d in s.query(IncomingDocument)} == {"x", "y"}


def test_attachment_added_and_found_by_its_text(qtbot, ctx, tmp_path):
    ids = add_documents(ctx.store, 3)
    tab = _tab(qtbot, ctx)
    tab.view.select_id(ids[1])
    scan = tmp_path / "扫描件.txt"
    scan.write_text("附件里写着医保基金监管", encoding="utf-8")
    with qtbot.waitSignal(tab.attachments.added, timeout=10000) as done:
        tab.attachments.add_files([str(scan)])
    assert done.args == [ids[1], 1]
    assert tab.attachments.list.count() == 1
    with qtbot.waitSignal(tab.attachments.added, timeout=10000) as done:
        tab.attachments.add_files([str(tmp_path / "不存在.pdf")])
    assert done.args == [ids[1], 0] and tab.attachments.list.count() == 1
    assert "不存在" in tab.attachments.error.text() or "找不到" in tab.attachments.error.text()
    with ctx.store.read() as s:
        att = s.query(Attachment).one()
        assert len(att.sha256) == 64 and (ctx.store.files_dir / att.sha256[:2] / att.sha256).exists()
    tab.filter_bar.text.setText("基金监管")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 1 and tab.model.id_at(0) == ids[1]


def test_attachment_moved_to_trash_shows_as_such_and_is_restored(qtbot, ctx, tmp_path):
    ids = add_documents(ctx.store, 2)
    tab = _tab(qtbot, ctx)
    tab.view.select_id(ids[0])
    panel = tab.attachments
    scan = tmp_path / "扫描件.txt"
    scan.write_text("附件里写着医保基金监管", encoding="utf-8")
    with qtbot.waitSignal(panel.added, timeout=10000):
        panel.add_files([str(scan)])
    panel.list.setCurrentRow(0)
    assert panel.remove_button.isEnabled() and not panel.restore_button.isEnabled()
    panel.remove_selected()
    item = panel.list.item(0)
    assert "回收站" in item.text() and panel.restore_button.isEnabled() and not panel.remove_button.isEnabled()
    tab.filter_bar.text.setText("基金监管")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 0  # trashed text is not searched
    tab.filter_bar.reset()
    tab.view.select_id(ids[0])
    panel.list.setCurrentRow(0)
    panel.restore_selected()
    assert "回收站" not in panel.list.item(0).text() and panel.remove_button.isEnabled()
    tab.filter_bar.text.setText("基金监管")
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 1


def test_archived_document_takes_no_attachment_and_says_so(qtbot, ctx, tmp_path):
    from desktop.services.incoming import workflow

    ids = add_documents(ctx.store, 2)
    tab = _tab(qtbot, ctx)
    tab.view.select_id(ids[0])
    with ctx.store.write() as s:  # archived in another window meanwhile
        workflow.assign_departments(s, ids[0], ["医务部"], "医务部", "甲", dt.date(2026, 4, 2), add_to_directory=True)
        workflow.complete(s, ids[0], "已办", dt.date(2026, 4, 3), "甲")
        workflow.archive(s, ids[0], "卷1", "1", dt.date(2026, 4, 4), "甲")
    scan = tmp_path / "scan.txt"
    scan.write_text("内容", encoding="utf-8")
    assert tab.attachments.add_files([str(scan)]) is None
    assert "已归档" in tab.attachments.error.text()
    with ctx.store.read() as s:
        assert s.query(Attachment).count() == 0


def test_register_pdf_exported_off_the_ui_thread(qtbot, ctx, tmp_path, monkeypatch):
    add_documents(ctx.store, 30)
    tab = _tab(qtbot, ctx)
    out = tmp_path / "登记簿.pdf"
    monkeypatch.setattr(IncomingTab, "ask_save_path", staticmethod(lambda *a: str(out)))
    tab.export_register("pdf")
    qtbot.waitUntil(out.exists, timeout=20000)  # moved into place only when complete
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "收文登记簿" in text and "关于第30项工作的通知" in text
