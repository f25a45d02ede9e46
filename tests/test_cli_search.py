"""`main.py search`: every kind, one result per line, --kind and --limit, the user's 密级."""
from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.services.store import open_store
from desktop.services.users import create_user
from tests.services.outgoing.conftest import setup_office
from tests.services.search.conftest import incoming, item, log_entry, outgoing
from tests.services.supervision.data import seed_directory


@pytest.fixture
def office(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    store = open_store(path)
    seed_directory(store)
    with store.write() as s:
        setup_office(s)
        create_user(s, "主任甲", "主任", "绝密", "zhuren-pass-1")
        create_user(s, "文书乙", "文书", "内部", "wenshu-pass-1")
    incoming(store, "关于医保飞行检查的通知", day=1, docno="湘医保发〔2026〕3号")
    incoming(store, "机密的医保稽核报告", day=2, secrecy="机密")
    outgoing(store, "医保信息化会议纪要")
    item(store, "落实医保整改")
    log_entry(store, "医保办来电询问结算")
    store.close()
    monkeypatch.setenv("YUANBANTONG_USER", "主任甲")
    monkeypatch.setenv("YUANBANTONG_PASSWORD", "zhuren-pass-1")
    return path


def _run(capsys, *argv) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().out.splitlines()


def test_every_kind_one_line_each(capsys, office):
    assert _run(capsys, "search", "--db", str(office), "医保") == (0, [
        "收文\t收〔2026〕0002\t2026-04-02\t机密的医保稽核报告\t标题",
        "收文\t收〔2026〕0001\t2026-04-01\t关于医保飞行检查的通知\t标题、来文字号",
        "发文\t-\t2026-04-02\t医保信息化会议纪要\t标题",
        "督办\t督〔2026〕1号\t2026-04-03\t落实医保整改\t事项",
        "值班日志\t-\t2026-04-04\t医保办来电询问结算\t情况",
        "共 5 条",
    ])


def test_kind_limit_and_clearance(capsys, office, monkeypatch):
    assert _run(capsys, "search", "--db", str(office), "医保", "--kind", "duty-log") == (0, [
        "值班日志\t-\t2026-04-04\t医保办来电询问结算\t情况", "共 1 条"])
    assert _run(capsys, "search", "--db", str(office), "医保", "--kind", "incoming", "--limit", "1") == (0, [
        "收文\t收〔2026〕0002\t2026-04-02\t机密的医保稽核报告\t标题",
        "显示 1 条；收文还有更多，可加大 --limit 或用 --kind 只查一类"])
    assert _run(capsys, "search", "--db", str(office), "湘医保发〔2026〕3号") == (0, [
        "收文\t收〔2026〕0001\t2026-04-01\t关于医保飞行检查的通知\t来文字号", "共 1 条"])
    monkeypatch.setenv("YUANBANTONG_USER", "文书乙")
    monkeypatch.setenv("YUANBANTONG_PASSWORD", "wenshu-pass-1")
    code, lines = _run(capsys, "search", "--db", str(office), "稽核")
    assert (code, lines) == (0, ["共 0 条"])
