"""Users and roles, enforced in services (no Qt): who may register, instruct, cancel, configure."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import clock, reference, users
from desktop.services.incoming import register, workflow
from desktop.services.incoming.register import IncomingInput
from desktop.services.numbering import store_number_format
from desktop.services.store import open_store
from desktop.services.users import PermissionDenied, Principal

DIRECTOR = Principal("王主任", "主任", "绝密")
SECRETARY = Principal("李文书", "文书", "内部")
LEADER = Principal("张院长", "领导", "机密")
READER = Principal("赵查阅", "只读", "公开")


def _doc() -> IncomingInput:
    return IncomingInput(received_at=dt.datetime(2026, 11, 2, 9), sender="湖南省卫生健康委员会",
                         sender_doc_no="湘卫发〔2026〕12号", title="关于开展医保基金专项检查的通知")


def test_the_first_account_is_a_director_and_only_while_there_is_none(store):
    with store.write() as s:
        assert not users.has_users(s)
        first = users.create_first_director(s, "王主任", "院办通很安全的密码")
    assert first == Principal("王主任", "主任", "绝密")
    with pytest.raises(PermissionDenied, match="已有账户"), store.write() as s:
        users.create_first_director(s, "冒充者", "12345678")


def test_passwords_are_argon2_and_long_chinese_ones_work(store):
    long_password = "院办通的密码可以很长很长很长很长很长很长很长很长很长很长"  # 96 bytes: bcrypt would refuse
    with store.write() as s:
        users.create_first_director(s, "王主任", long_password)
        stored = s.scalar(__import__("sqlalchemy").text("select password_hash from users"))
    assert stored.startswith("$argon2id$") and long_password not in stored
    assert users.sign_in(store, "王主任", long_password) == DIRECTOR
    with pytest.raises(PermissionDenied, match="用户名或密码不对"):
        users.sign_in(store, "王主任", long_password[:-1])


def test_wrong_passwords_bring_a_growing_delay_that_a_restart_keeps(store, tmp_path):
    with store.write() as s:
        users.create_first_director(s, "王主任", "正确的密码12345")
    with clock.frozen(dt.datetime(2026, 11, 29, 9, 0, 0)):
        for _ in range(2):
            with pytest.raises(PermissionDenied, match="^用户名或密码不对。$"):
                users.sign_in(store, "王主任", "猜一猜猜一猜")
        with pytest.raises(PermissionDenied, match="^用户名或密码不对。$"):
            users.sign_in(store, "王主任", "又猜错了又猜错了")  # the third: the delay starts
        with pytest.raises(PermissionDenied, match="^密码错误次数过多，请 31 秒后再试。$"):
            users.sign_in(store, "王主任", "正确的密码12345")  # even the right one waits
    again = open_store(store.path)  # a restart does not lift it
    with clock.frozen(dt.datetime(2026, 11, 29, 9, 0, 20)), pytest.raises(PermissionDenied, match="请 11 秒"):
        users.sign_in(again, "王主任", "正确的密码12345")
    with clock.frozen(dt.datetime(2026, 11, 29, 9, 0, 31)):
        assert users.sign_in(again, "王主任", "正确的密码12345").role == "主任"
    again.close()


def test_only_the_director_creates_users_and_resets_passwords(store):
    with store.write(DIRECTOR) as s:
        users.create_first_director(s, "王主任", "主任的密码123")
        users.create_user(s, "李文书", "文书", "内部", "文书的密码123")
    with pytest.raises(PermissionDenied, match="^李文书（文书）没有“修改设置”的权限。$"), store.write(SECRETARY) as s:
        users.create_user(s, "赵查阅", "只读", "公开", "只读的密码123")
    with pytest.raises(PermissionDenied), store.write(SECRETARY) as s:
        users.reset_password(s, "王主任", "我来改主任密码")
    with store.write(DIRECTOR) as s:
        users.reset_password(s, "李文书", "新的文书密码123")
    assert users.sign_in(store, "李文书", "新的文书密码123") == SECRETARY
    users.change_password(store, "李文书", "新的文书密码123", "自己改的密码234")
    assert users.sign_in(store, "李文书", "自己改的密码234") == SECRETARY
    with pytest.raises(users.ServiceError, match="密码至少 8 个字符"):
        users.change_password(store, "李文书", "自己改的密码234", "短")


def test_roles_are_enforced_in_the_services(store):
    from tests.services.incoming.conftest import seed_directory

    seed_directory(store)  # 张院长 is in the directory (批示 takes leaders from it)
    with store.write(SECRETARY) as s:
        doc_id = register.register_incoming(s, _doc(), "李文书")
        workflow.review(s, doc_id, "李文书")
    with pytest.raises(PermissionDenied, match="^李文书（文书）没有“作废编号”的权限。$"), store.write(SECRETARY) as s:
        register.cancel_incoming(s, doc_id, "重复登记", "李文书")
    with store.write(LEADER) as s:  # a leader records an instruction…
        workflow.add_instruction(s, doc_id, "张院长", "请医务部牵头办理。", dt.date(2026, 11, 3), "张院长")
    with pytest.raises(PermissionDenied, match="^张院长（领导）没有“登记和办理”的权限。$"), store.write(LEADER) as s:
        register.register_incoming(s, _doc(), "张院长")  # …but does not register
    with pytest.raises(PermissionDenied, match="赵查阅（只读）"), store.write(READER) as s:
        workflow.propose(s, doc_id, "拟请医务部办理", "赵查阅")
    with store.write(DIRECTOR) as s:
        register.cancel_incoming(s, doc_id, "重复登记", "王主任")
        assert register.get_incoming(s, doc_id).cancelled_at is not None


def test_directory_and_settings_change_only_with_the_directors_permission(store):
    with pytest.raises(PermissionDenied, match="没有“修改设置”的权限"), store.write(SECRETARY) as s:
        reference.save_department(s, {"name": "火星科"})
    with pytest.raises(PermissionDenied, match="没有“修改设置”的权限"), store.write(SECRETARY) as s:
        store_number_format(s, "incoming", "收{year}-{seq}")
    with store.write(DIRECTOR) as s:
        reference.save_department(s, {"name": "医务部"})
    with store.read() as s:
        assert reference.department_names(s) == ["医务部"]


def test_a_secretary_sees_no_confidential_document_by_any_service_path(store, tmp_path):
    """密级: lists, counts, search, detail, slip, attachments, Excel and PDF exports."""
    from pypdf import PdfReader

    from desktop.reports.incoming_pdf import build_incoming_register
    from desktop.reports.incoming_xlsx import export_incoming_xlsx
    from desktop.services.attachments import add_attachment, attachment_path
    from desktop.services.incoming import query
    from desktop.services.incoming.kind import INCOMING
    from desktop.services.incoming.slip import slip_data

    note = tmp_path / "绝密附件.txt"
    note.write_text("飞行检查名单", encoding="utf-8")
    with store.write(DIRECTOR) as s:
        open_id = register.register_incoming(s, _doc(), "王主任")
        secret = IncomingInput(received_at=dt.datetime(2026, 11, 2, 10), sender="湖南省卫生健康委员会",
                               sender_doc_no="湘卫密〔2026〕3号", title="关于医保飞行检查的机密通知",
                               secrecy="机密")
        secret_id = register.register_incoming(s, secret, "王主任")
        att = add_attachment(s, store.files_dir, INCOMING, secret_id, note, "王主任")
    everything = query.IncomingFilter()
    with store.read(SECRETARY) as s:
        assert list(query.list_ids(s, everything)) == [open_id]
        assert query.count(s, everything) == 1
        assert list(query.list_ids(s, query.IncomingFilter(text="飞行检查"))) == []  # attachment text too
        assert list(query.list_ids(s, query.IncomingFilter(secrecy="机密"))) == []
        for attempt in (lambda: register.get_incoming(s, secret_id), lambda: slip_data(s, 2026, 2),
                        lambda: attachment_path(s, store.files_dir, INCOMING, att)):
            with pytest.raises(PermissionDenied, match="^收文 收〔2026〕0002为机密件，李文书无权查看。$"):
                attempt()
        xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
        export_incoming_xlsx(s, everything, xlsx)
        build_incoming_register(s, everything, "2026年", pdf)
    import openpyxl

    titles = [row[4] for row in openpyxl.load_workbook(xlsx).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["关于开展医保基金专项检查的通知"]
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "关于开展医保基金专项检查的通知" in text and "机密通知" not in text
    with store.read(LEADER) as s:  # cleared for 机密
        assert sorted(query.list_ids(s, everything)) == [open_id, secret_id]
        assert slip_data(s, 2026, 2).title == "关于医保飞行检查的机密通知"


def test_the_sender_filter_list_names_no_sender_of_a_hidden_document(store):
    from desktop.services.incoming import query

    with store.write(DIRECTOR) as s:
        register.register_incoming(s, _doc(), "王主任")
        secret = IncomingInput(received_at=dt.datetime(2026, 11, 2, 10), sender="国家医疗保障局基金监管司",
                               sender_doc_no="医保监密〔2026〕3号", title="关于飞行检查的机密通知", secrecy="机密")
        register.register_incoming(s, secret, "王主任")
    with store.read(SECRETARY) as s:
        assert query.distinct_values(s, "sender", visible=SECRETARY.visible_secrecy) == ["湖南省卫生健康委员会"]
    with store.read(LEADER) as s:
        assert sorted(query.distinct_values(s, "sender", visible=LEADER.visible_secrecy)) == [
            "国家医疗保障局基金监管司", "湖南省卫生健康委员会"]


def test_the_department_filter_list_names_no_department_seen_only_on_a_hidden_document(store):
    from db.models import IncomingAssignment
    from desktop.services.incoming import query

    with store.write(DIRECTOR) as s:
        open_id = register.register_incoming(s, _doc(), "王主任")
        secret = IncomingInput(received_at=dt.datetime(2026, 11, 2, 10), sender="国家医疗保障局基金监管司",
                               sender_doc_no="医保监密〔2026〕3号", title="关于飞行检查的机密通知", secrecy="机密")
        secret_id = register.register_incoming(s, secret, "王主任")
        for doc_id, dept in ((open_id, "医务部"), (secret_id, "医保办"), (secret_id, "医务部")):
            s.add(IncomingAssignment(document_id=doc_id, department=dept, assigned_on=dt.date(2026, 11, 3)))
    with store.read(SECRETARY) as s:
        assert query.distinct_departments(s, SECRETARY.visible_secrecy) == ["医务部"]
    with store.read(LEADER) as s:  # 医务部 on two documents, 医保办 on one: most used first
        assert query.distinct_departments(s, LEADER.visible_secrecy) == ["医务部", "医保办"]


def test_the_command_line_signs_in_and_keeps_to_the_users_role_and_clearance(capsys, tmp_path, monkeypatch):
    from desktop.cli import main

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--years", "1", "--docs-per-year", "300"]) == 0
    out = capsys.readouterr().out
    assert "主任账户：院办主任  密码：demo-zhuren-2026（可查看至绝密）" in out
    assert "文书账户：院办文书  密码：demo-wenshu-2026（可查看至内部）" in out
    store = open_store(path)
    with store.read() as s:  # titles with 关于: above 内部, and in all (counted with LIKE, not the index)
        hidden = s.scalar(__import__("sqlalchemy").text(
            "select count(*) from incoming_documents where secrecy in ('秘密', '机密', '绝密') and title like '%关于%'"))
        total = s.scalar(__import__("sqlalchemy").text(
            "select count(*) from incoming_documents where title like '%关于%'"))
    store.close()
    assert hidden > 0

    def run(user: str, password: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("YUANBANTONG_USER", user)
        monkeypatch.setenv("YUANBANTONG_PASSWORD", password)
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    every = ("--kind", "incoming", "--limit", "100000")  # search prints one line a hit, then the count
    code, out, _ = run("院办主任", "demo-zhuren-2026", "search", "--db", str(path), "关于", *every)
    assert code == 0 and out.splitlines()[-1] == f"共 {total} 条"
    code, out, _ = run("院办文书", "demo-wenshu-2026", "search", "--db", str(path), "关于", *every)
    assert code == 0 and out.splitlines()[-1] == f"共 {total - hidden} 条"
    code, _, err = run("院办文书", "demo-wenshu-2026", "backup", "--db", str(path), "-o", str(tmp_path / "b.zip"))
    assert (code, err) == (1, "错误：院办文书（文书）不能备份数据库：备份包含所有密级的文件。\n")
    code, _, err = run("院办文书", "错误的密码错误的密码", "search", "--db", str(path), "关于")
    assert (code, err) == (1, "错误：用户名或密码不对。\n")
    monkeypatch.delenv("YUANBANTONG_PASSWORD")
    code = main(["search", "--db", str(path), "关于"])
    assert code == 1
    assert capsys.readouterr().err == ("错误：请用环境变量 YUANBANTONG_USER 和 YUANBANTONG_PASSWORD 给出用户名和密码"
                                       "（或在终端中运行，按提示输入）。\n")


def test_the_handling_panel_offers_each_role_only_its_actions(store):
    from desktop.services.incoming import actions

    with store.write() as s:
        doc_id = register.register_incoming(s, _doc(), "王主任")
        workflow.review(s, doc_id, "王主任")
        workflow.propose(s, doc_id, "拟请医务部办理", "王主任")
        detail = register.get_incoming(s, doc_id)
    assert actions.allowed_actions(detail, LEADER).actions == ("instruct",)
    assert actions.allowed_actions(detail, READER).actions == ()
    assert "cancel" not in actions.allowed_actions(detail, SECRETARY).actions
    assert "cancel" in actions.allowed_actions(detail, DIRECTOR).actions
