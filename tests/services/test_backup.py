"""Backups that restore everything: the database and every attachment, verified first."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import clock
from desktop.services.attachments import add_attachment
from desktop.services.backup import backup_database, daily_backup, restore_archive
from desktop.services.errors import ServiceError
from desktop.services.incoming.kind import INCOMING
from desktop.services.store import open_store
from tests.ui.conftest import add_documents


@pytest.fixture
def office_with_files(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An office database with 4 documents and 3 attachments (one of them trashed)."""
    path = tmp_path / "office" / "office.db"
    path.parent.mkdir()
    store = open_store(path)
    ids = add_documents(store, 4)
    contents = {"通知.txt": "关于开展医保基金专项检查的通知".encode(), "名单.csv": b"name,dept\n1,2\n",
                "扫描件.jpg": b"\xff\xd8 fake scan " + bytes(range(256)) * 40}
    with store.write() as s:
        for i, (name, data) in enumerate(contents.items()):
            source = tmp_path / name
            source.write_bytes(data)
            add_attachment(s, store.files_dir, INCOMING, ids[i], source, "文书")
    from desktop.services.attachments import remove_attachment

    with store.write() as s:
        remove_attachment(s, INCOMING, 3, "文书")  # trashed, still restorable: it must be kept
    store.close()
    return path, contents


def _stored_files(db_path: Path) -> dict[str, bytes]:
    folder = db_path.with_name(db_path.name + ".files")
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _titles(db_path: Path) -> list[str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return [r[0] for r in conn.execute("select title from incoming_documents order by id")]


def test_backup_then_restore_into_a_fresh_folder_keeps_every_attachment_byte_for_byte(office_with_files, tmp_path):
    source, contents = office_with_files
    archive = tmp_path / "备份.zip"
    store = open_store(source)
    with clock.frozen(dt.datetime(2026, 11, 29, 18, 30)):
        backup_database(store, archive)
    store.close()
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert sorted(zf.namelist())[-2:] == ["manifest.json", "office.db"]
    assert manifest["created_at"] == "2026-11-29T18:30:00"
    assert len(manifest["files"]) == 4  # the database and three attachments

    fresh = tmp_path / "新电脑" / "office.db"
    fresh.parent.mkdir()
    info, aside = restore_archive(archive, fresh)
    assert (info.documents, info.attachments, aside) == (4, 3, None)
    assert sorted(_stored_files(fresh).values()) == sorted(contents.values())
    assert _titles(fresh) == ["关于第1项工作的通知", "关于第2项工作的通知", "关于第3项工作的通知", "关于第4项工作的通知"]
    restored = open_store(fresh)  # and the program opens it
    with restored.read() as s:
        from desktop.services.attachments import attachment_infos

        assert [a.filename for a in attachment_infos(s, INCOMING, 1)] == ["通知.txt"]
    restored.close()


def test_restore_keeps_the_replaced_database_aside(office_with_files, tmp_path):
    source, _ = office_with_files
    archive = tmp_path / "b.zip"
    store = open_store(source)
    backup_database(store, archive)
    add_documents(store, 2, dt.datetime(2025, 5, 1, 9))  # made after the backup
    store.close()
    with clock.frozen(dt.datetime(2026, 11, 30, 8, 0, 5)):
        info, aside = restore_archive(archive, source)
    assert aside == source.with_name("office.db.恢复前-20261130-080005")
    assert len(_titles(aside)) == 6 and len(_titles(source)) == 4
    assert not source.with_name("office.db-wal").exists()


@pytest.mark.parametrize("fault", ["tampered", "not_zip", "newer", "unsafe_name"])
def test_a_bad_archive_is_refused_and_the_database_left_as_it_was(office_with_files, tmp_path, fault):
    source, _ = office_with_files
    archive = tmp_path / "b.zip"
    store = open_store(source)
    backup_database(store, archive)
    store.close()
    if fault == "not_zip":
        archive.write_bytes(b"PK not really")
    else:
        with zipfile.ZipFile(archive) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        manifest = json.loads(members["manifest.json"])
        if fault == "tampered":
            name = next(n for n in members if n.startswith("files/"))
            members[name] = members[name][:-1] + b"!"
        elif fault == "newer":
            db = tmp_path / "x.db"
            db.write_bytes(members["office.db"])
            with closing(sqlite3.connect(db)) as conn:
                conn.execute("update alembic_version set version_num = '0099'")
                conn.commit()
            members["office.db"] = db.read_bytes()
            import hashlib

            manifest["files"]["office.db"] = hashlib.sha256(members["office.db"]).hexdigest()
        else:
            members["files/../../evil"] = b"x"
            manifest["files"]["files/../../evil"] = "0" * 64
        members["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(archive, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
    before = source.read_bytes()
    with pytest.raises(ServiceError) as info:
        restore_archive(archive, source)
    expected = {"tampered": "的校验和不符", "not_zip": "无法作为 zip 打开", "newer": "更新版本",
                "unsafe_name": "不属于院办通备份的文件名"}[fault]
    assert expected in info.value.message and info.value.message.endswith("当前数据库未作任何修改。")
    assert source.read_bytes() == before
    assert sorted(p.name for p in source.parent.iterdir()) == ["office.db", "office.db.files"]
    assert not (tmp_path / "evil").exists()


def test_cli_backup_and_restore_round_trip(capsys, office_with_files, tmp_path):
    source, contents = office_with_files
    archive = tmp_path / "b.zip"
    assert main(["backup", "--db", str(source), "-o", str(archive)]) == 0
    target = tmp_path / "restored.db"
    assert main(["restore", "--db", str(target), str(archive)]) == 0
    out = capsys.readouterr().out
    assert f"已从 {archive} 恢复到 {target}：收文 4 件，附件 3 个" in out
    assert sorted(_stored_files(target).values()) == sorted(contents.values())


def test_cli_restore_over_a_damaged_database_but_not_over_a_foreign_one(capsys, office_with_files, tmp_path):
    source, _ = office_with_files
    archive = tmp_path / "b.zip"
    assert main(["backup", "--db", str(source), "-o", str(archive)]) == 0
    data = source.read_bytes()
    source.write_bytes(data[: len(data) // 2])  # the disk failed: what backups are for
    assert main(["restore", "--db", str(source), str(archive)]) == 0
    assert len(_titles(source)) == 4
    foreign = tmp_path / "contacts.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("create table people(name)")
        conn.commit()
    before = foreign.read_bytes()
    capsys.readouterr()
    assert main(["restore", "--db", str(foreign), str(archive)]) == 1
    assert "不是院办通数据库" in capsys.readouterr().err
    assert foreign.read_bytes() == before


def test_daily_backup_once_a_day_keeping_the_newest(office_with_files, tmp_path):
    source, _ = office_with_files
    store = open_store(source)
    folder = tmp_path / "自动备份"
    made = []
    for day in range(1, 6):
        with clock.frozen(dt.datetime(2026, 11, day, 8, 0)):
            made.append(daily_backup(store, folder, keep=3))
            assert daily_backup(store, folder, keep=3) is None  # second start the same day
    store.close()
    assert all(made)
    assert sorted(p.name for p in folder.iterdir()) == [
        "office-自动备份-20261103-080000.zip", "office-自动备份-20261104-080000.zip",
        "office-自动备份-20261105-080000.zip"]
