"""附件: content-addressed copies, size and file checks, PDF text for search, trash."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from db.models import Attachment, Setting
from desktop.fonts import register_reportlab
from desktop.services import attachment_files
from desktop.services import attachments as att
from desktop.services.errors import ServiceError
from desktop.services.incoming import query, workflow
from desktop.services.incoming.kind import INCOMING
from desktop.services.incoming.register import (
    IncomingInput,
    cancel_incoming,
    get_incoming,
    register_incoming,
)


@pytest.fixture
def doc_id(store) -> int:
    with store.write() as s:
        return register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 9), sender="湖南省卫生健康委员会",
                             sender_doc_no="湘卫发〔2026〕12号", title="关于开展检查的通知"), "文书甲")


def add(store, doc_id, path, **kw) -> int:
    with store.write() as s:
        return att.add_attachment(s, store.files_dir, INCOMING, doc_id, path, "文书甲", **kw)


def add_fails(store, doc_id, path, match, **kw) -> ServiceError:
    with store.write() as s, pytest.raises(ServiceError, match=match) as err:
        att.add_attachment(s, store.files_dir, INCOMING, doc_id, path, "文书甲", **kw)
    assert err.value.field == "file"
    return err.value


def make_pdf(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path))
    c.setFont(register_reportlab(), 14)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 24 * i, line)
    c.save()
    return path


def search(store, text) -> list[int]:
    with store.read() as s:
        return list(query.list_ids(s, query.IncomingFilter(text=text)))


def test_copy_is_content_addressed_with_checksum(store, doc_id, tmp_path):
    src = tmp_path / "扫描件.txt"
    src.write_text("放射诊疗许可证校验安排", encoding="utf-8")
    att_id = add(store, doc_id, src)
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    stored = store.files_dir / sha[:2] / sha
    assert stored.read_bytes() == src.read_bytes()
    assert not list(store.files_dir.glob("**/*.part"))  # no temp file left behind
    with store.read() as s:
        row = s.get(Attachment, att_id)
        assert (row.sha256, row.size, row.filename, row.added_by) == (sha, src.stat().st_size, "扫描件.txt", "文书甲")
        assert att.attachment_path(s, store.files_dir, INCOMING, att_id) == stored
        detail = get_incoming(s, doc_id)
    assert [a.filename for a in detail.attachments] == ["扫描件.txt"]
    assert (detail.events[-1].action, detail.events[-1].detail) == ("添加附件", "扫描件.txt")
    assert search(store, "许可证校验") == [doc_id]


def test_same_content_is_stored_once(store, doc_id, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    first, second = add(store, doc_id, a), add(store, doc_id, b)
    stored = [p for p in store.files_dir.rglob("*") if p.is_file()]
    assert len(stored) == 1
    with store.read() as s:
        assert s.get(Attachment, first).sha256 == s.get(Attachment, second).sha256 == stored[0].name


def test_gbk_text_file_is_searchable(store, doc_id, tmp_path):
    src = tmp_path / "通知.txt"
    src.write_bytes("院感防控专项督查".encode("gbk"))
    add(store, doc_id, src)
    assert search(store, "专项督查") == [doc_id]


def test_missing_directory_empty_unreadable(store, doc_id, tmp_path, monkeypatch):
    add_fails(store, doc_id, tmp_path / "nope.pdf", "不存在")
    add_fails(store, doc_id, tmp_path, "文件夹")
    empty = tmp_path / "empty.pdf"
    empty.touch()
    add_fails(store, doc_id, empty, "空文件")
    locked = tmp_path / "locked.txt"
    locked.write_text("x")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, where chmod 000 does not stop reading.
    monkeypatch.setattr(attachment_files, "open", denied, raising=False)
    add_fails(store, doc_id, locked, "无法读取")
    assert not list(store.files_dir.glob("**/*.part"))
    with store.read() as s:
        assert get_incoming(s, doc_id).attachments == []


def test_size_limit_argument_and_setting(store, doc_id, tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * att.MB))
    err = add_fails(store, doc_id, big, "超过", max_bytes=2 * att.MB)
    assert "3 MB" in err.message and "2 MB" in err.message
    with store.write() as s:
        s.add(Setting(key=att.MAX_BYTES_KEY, value=str(1 * att.MB)))
    err = add_fails(store, doc_id, big, "上限 1 MB")
    assert add(store, doc_id, big, max_bytes=5 * att.MB) > 0
    assert att.DEFAULT_MAX == 50 * 1024 * 1024
    assert not (store.files_dir / "big.bin").exists()


def test_pdf_text_is_extracted_and_found_by_search(store, doc_id, tmp_path):
    pdf = make_pdf(tmp_path / "检查方案.pdf", ["关于开展放射防护专项检查的实施方案", "各科室务必于十月底前完成自查"])
    att_id = add(store, doc_id, pdf)
    with store.read() as s:
        assert "放射防护专项检查" in s.get(Attachment, att_id).text
    assert search(store, "放射防护") == [doc_id]
    assert search(store, "十月底前") == [doc_id]


def test_unreadable_pdf_still_attaches(store, doc_id, tmp_path):
    bad = tmp_path / "损坏.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref\n")
    att_id = add(store, doc_id, bad)
    with store.read() as s:
        row = s.get(Attachment, att_id)
        assert (row.text, row.size) == ("", bad.stat().st_size)
        assert att.attachment_path(s, store.files_dir, INCOMING, att_id).read_bytes() == bad.read_bytes()


def test_trash_restore_and_search_follow(store, doc_id, tmp_path):
    src = tmp_path / "附件.txt"
    src.write_text("危化品管理台账", encoding="utf-8")
    att_id = add(store, doc_id, src)
    with store.write() as s:
        att.remove_attachment(s, INCOMING, att_id, "文书乙")
        with pytest.raises(ServiceError, match="已在回收站"):
            att.remove_attachment(s, INCOMING, att_id, "文书乙")
    assert search(store, "危化品") == []
    with store.read() as s:
        assert att.list_attachments(s, INCOMING, doc_id) == []
        trashed = att.list_attachments(s, INCOMING, doc_id, include_removed=True)
        assert [(a.id, a.removed_at is not None) for a in trashed] == [(att_id, True)]
        assert att.attachment_path(s, store.files_dir, INCOMING, att_id).is_file()  # still openable
    with store.write() as s:
        att.restore_attachment(s, INCOMING, att_id, "文书乙")
        with pytest.raises(ServiceError, match="不在回收站"):
            att.restore_attachment(s, INCOMING, att_id, "文书乙")
    assert search(store, "危化品") == [doc_id]
    with store.read() as s:
        actions = [(e.action, e.actor) for e in get_incoming(s, doc_id).events]
    assert actions[-2:] == [("删除附件", "文书乙"), ("恢复附件", "文书乙")]


def _archive(store, doc_id):
    with store.write() as s:
        workflow.assign_departments(s, doc_id, ["医务部"], "医务部", "甲", dt.date(2026, 4, 2), add_to_directory=True)
        workflow.complete(s, doc_id, "已办", dt.date(2026, 4, 3), "甲")
        workflow.archive(s, doc_id, "卷1", "1", dt.date(2026, 4, 4), "甲")


def test_purge_only_after_archive_and_only_unreferenced_files(store, doc_id, tmp_path):
    shared, own = tmp_path / "shared.txt", tmp_path / "own.txt"
    shared.write_text("两份收文共用的附件")
    own.write_text("只属于这份收文")
    shared_id, own_id = add(store, doc_id, shared), add(store, doc_id, own)
    with store.write() as s:
        other = register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 10), sender="长沙市卫健委", sender_doc_no="",
                             title="另一份"), "文书甲")
    add(store, other, shared)
    with store.write() as s:
        att.remove_attachment(s, INCOMING, shared_id, "甲")
        att.remove_attachment(s, INCOMING, own_id, "甲")
        with pytest.raises(ServiceError, match="已归档"):
            att.purge_trash(s, store.files_dir, INCOMING, doc_id)
    _archive(store, doc_id)
    with store.write() as s:
        result = att.purge_trash(s, store.files_dir, INCOMING, doc_id, "档案员")
    assert (result.attachments, result.files) == (2, 1)
    assert (store.files_dir / hashlib.sha256(shared.read_bytes()).hexdigest()[:2]).exists()
    own_sha = hashlib.sha256(own.read_bytes()).hexdigest()
    assert not (store.files_dir / own_sha[:2] / own_sha).exists()
    with store.read() as s:
        assert att.list_attachments(s, INCOMING, doc_id, include_removed=True) == []
        assert len(att.list_attachments(s, INCOMING, other)) == 1
        assert get_incoming(s, doc_id).events[-1].action == "清理附件"


def test_archived_or_cancelled_document_refuses_changes_but_opens(store, doc_id, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("内容")
    att_id = add(store, doc_id, src)
    _archive(store, doc_id)
    with store.write() as s:
        with pytest.raises(ServiceError, match="已归档"):
            att.add_attachment(s, store.files_dir, INCOMING, doc_id, src, "甲")
        with pytest.raises(ServiceError, match="已归档"):
            att.remove_attachment(s, INCOMING, att_id, "甲")
    with store.read() as s:
        assert att.attachment_path(s, store.files_dir, INCOMING, att_id).read_text() == "内容"
        assert [a.id for a in att.list_attachments(s, INCOMING, doc_id)] == [att_id]
    with store.write() as s:
        cancelled = register_incoming(
            s, IncomingInput(received_at=dt.datetime(2026, 4, 1, 10), sender="某单位", sender_doc_no="",
                             title="作废件"), "文书甲")
        cancel_incoming(s, cancelled, "错登", "甲")
        with pytest.raises(ServiceError, match="已作废"):
            att.add_attachment(s, store.files_dir, INCOMING, cancelled, src, "甲")


def test_missing_stored_file_is_reported(store, doc_id, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("会被删掉的文件")
    att_id = add(store, doc_id, src)
    with store.read() as s:
        att.attachment_path(s, store.files_dir, INCOMING, att_id).unlink()
        with pytest.raises(ServiceError, match="不在数据文件夹"):
            att.attachment_path(s, store.files_dir, INCOMING, att_id)


def test_file_prepared_outside_the_transaction_then_recorded(store, doc_id, tmp_path):
    src = tmp_path / "扫描件.txt"
    src.write_text("附件正文：医保基金监管", encoding="utf-8")
    with store.read() as s:
        limit = att.check_can_attach(s, INCOMING, doc_id)
    prepared = att.prepare_file(store.files_dir, src, limit)  # no session: other writers are not held up
    assert prepared.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    assert att.stored_path(store.files_dir, prepared.sha256).read_bytes() == src.read_bytes()
    with store.read() as s:
        assert att.list_attachments(s, INCOMING, doc_id) == []  # copied, not yet attached
    with store.write() as s:
        att_id = att.record_attachment(s, INCOMING, doc_id, prepared, "文书甲")
    with store.read() as s:
        [info] = att.list_attachments(s, INCOMING, doc_id)
        assert (info.id, info.filename, info.size) == (att_id, "扫描件.txt", prepared.size)
        assert get_incoming(s, doc_id).events[-1].action == "添加附件"


def test_document_archived_while_file_was_copied_is_not_attached(store, doc_id, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("内容")
    with store.read() as s:
        limit = att.check_can_attach(s, INCOMING, doc_id)
    prepared = att.prepare_file(store.files_dir, src, limit)
    _archive(store, doc_id)
    with store.write() as s, pytest.raises(ServiceError, match="已归档"):
        att.record_attachment(s, INCOMING, doc_id, prepared, "文书甲")
    with store.read() as s:
        assert att.list_attachments(s, INCOMING, doc_id, include_removed=True) == []
