"""GUI fixtures: an AppContext on a temporary database; modal messages recorded, never shown."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def messages(monkeypatch):
    """Records every modal message. ``messages["unexpected"]`` holds the ErrorReports of
    程序出错 dialogs: a test that expects one takes it out (``.pop()``); any left at the
    end fail the test, so a crash hidden behind ops.run or the excepthook still shows."""
    from desktop.ui.error_dialog import ErrorDialog
    from desktop.ui.messages import Messages

    seen: dict[str, list] = {"error": [], "info": [], "confirm": [], "unexpected": []}
    monkeypatch.setattr(ErrorDialog, "present", staticmethod(lambda parent, report: seen["unexpected"].append(report)))
    answers = {"confirm": True}
    monkeypatch.setattr(Messages, "error", staticmethod(lambda parent, msg, title="": seen["error"].append(msg)))
    monkeypatch.setattr(Messages, "info", staticmethod(lambda parent, msg, title="": seen["info"].append(msg)))

    def confirm(parent, msg, title=""):
        seen["confirm"].append(msg)
        return answers["confirm"]

    monkeypatch.setattr(Messages, "confirm", staticmethod(confirm))
    from desktop.ui.hospital_dialog import HospitalNameDialog

    seen["hospital_name"] = []  # the first-start 单位名称 question: recorded, left unanswered
    monkeypatch.setattr(HospitalNameDialog, "ask",
                        staticmethod(lambda parent, current, answered: seen["hospital_name"].append(current)))
    seen["answers"] = answers  # type: ignore[assignment]
    yield seen
    if seen["unexpected"]:
        details = "\n\n".join(report.details for report in seen["unexpected"])
        pytest.fail(f"unexpected error dialog shown:\n{details}", pytrace=False)


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(tmp_path, settings, qapp):
    from desktop.ui.session import open_context

    context = open_context(tmp_path / "office.db", settings)
    yield context
    context.close()


def add_documents(store, n: int, start: dt.datetime = dt.datetime(2026, 3, 2, 9, 0)) -> list[int]:
    """Rows inserted directly (fast); titles carry their index for assertions."""
    from db.models import IncomingDocument
    from desktop.services.incoming.index import reindex_documents

    ids = []
    with store.write() as s:
        for i in range(n):
            doc = IncomingDocument(
                year=start.year, seq=i + 1, received_at=start + dt.timedelta(hours=i),
                sender="湖南省卫生健康委员会" if i % 2 else "长沙市卫生健康委员会",
                sender_doc_no=f"湘卫发〔{start.year}〕{i + 1}号", title=f"关于第{i + 1}项工作的通知",
                urgency="特急" if i % 10 == 0 else "普通",
                deadline=dt.date(2026, 1, 1) if i % 7 == 0 else None,
            )
            s.add(doc)
            s.flush()
            ids.append(doc.id)
        reindex_documents(s, ids)
    return ids
