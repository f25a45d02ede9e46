"""附件 on any owner (督办, 发文), and stored copies readable as the user's other files are."""
from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from db.models import IncomingDocument, OutgoingDocument, SupervisionItem
from desktop.services import attachments as att
from desktop.services import records
from desktop.services.errors import NotFoundError, ServiceError
from desktop.services.incoming.kind import INCOMING
from desktop.services.outgoing.kind import OUTGOING
from desktop.services.supervision.kind import SUPERVISION


@pytest.fixture
def owners(store) -> dict[str, int]:
    """One record of each kind; all three get id 1, so only the kind tells them apart."""
    with store.write() as s:
        doc = records.insert_numbered(s, INCOMING, (2026,), lambda seq: IncomingDocument(
            year=2026, seq=seq, received_at=dt.datetime(2026, 4, 1, 9), sender="湖南省卫生健康委员会",
            title="关于开展检查的通知"))
        item = records.insert_numbered(s, SUPERVISION, (2026,), lambda seq: SupervisionItem(
            year=2026, seq=seq, task="完成医疗质量自查", assigned_on=dt.date(2026, 4, 2)))
        out = records.insert(s, OUTGOING, OutgoingDocument(title="关于自查情况的报告"))
        return {"incoming": doc.id, "supervision": item.id, "outgoing": out.id}


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", [SUPERVISION, OUTGOING], ids=["supervision", "outgoing"])
def test_attach_list_trash_restore_on_another_kind(store, owners, tmp_path, kind):
    owner = owners[kind.key]
    with store.write() as s:
        att_id = att.add_attachment(s, store.files_dir, kind, owner, _file(tmp_path, "整改报告.txt", "整改"), "文书甲")
    with store.read() as s:
        assert [a.filename for a in att.list_attachments(s, kind, owner)] == ["整改报告.txt"]
        assert att.list_attachments(s, INCOMING, owners["incoming"]) == []  # same id, other kind
        assert att.attachment_path(s, store.files_dir, kind, att_id).read_text(encoding="utf-8") == "整改"
        with pytest.raises(NotFoundError, match="该附件不存在。"):
            att.attachment_path(s, store.files_dir, INCOMING, att_id)
    with store.write() as s:
        att.remove_attachment(s, kind, att_id, "文书甲")
    with store.read() as s:
        assert att.list_attachments(s, kind, owner) == []
    with store.write() as s:
        att.restore_attachment(s, kind, att_id, "文书甲")
    with store.read() as s:
        assert [a.id for a in att.list_attachments(s, kind, owner)] == [att_id]


def test_closed_supervision_item_takes_no_attachment(store, owners, tmp_path):
    item = owners["supervision"]
    with store.write() as s:
        att_id = att.add_attachment(s, store.files_dir, SUPERVISION, item, _file(tmp_path, "a.txt", "甲"), "文书甲")
        s.get(SupervisionItem, item).closed_on = dt.date(2026, 5, 1)
    with store.write() as s:
        with pytest.raises(ServiceError) as err:
            att.check_can_attach(s, SUPERVISION, item)
        assert err.value.message == "督办 督〔2026〕1号 已办结，不能再修改。"
        with pytest.raises(ServiceError, match="已办结"):
            att.remove_attachment(s, SUPERVISION, att_id, "文书甲")
        with pytest.raises(ServiceError, match="只有已归档的督办才能清理回收站中的附件。"):
            att.purge_trash(s, store.files_dir, SUPERVISION, item)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_stored_copy_gets_the_users_normal_permissions(store, owners, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        with store.write() as s:
            att_id = att.add_attachment(s, store.files_dir, INCOMING, owners["incoming"],
                                        _file(tmp_path, "扫描件.txt", f"umask {umask:o}"), "文书甲")
            path = att.attachment_path(s, store.files_dir, INCOMING, att_id)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert not list(store.files_dir.glob("**/*.part"))
