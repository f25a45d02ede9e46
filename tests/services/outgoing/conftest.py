"""A 发文 office: 代字 configured, two people allowed to sign off."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import reference
from desktop.services.outgoing import numbering, workflow
from desktop.services.outgoing.register import OutgoingInput, create_draft

SIGNER = "张院长"


def setup_office(s) -> None:
    reference.save_staff(s, reference.StaffRow(name=SIGNER, roles=("院领导", "签发人")))
    reference.save_staff(s, reference.StaffRow(name="王主任", roles=("签发人",)))
    reference.save_staff(s, reference.StaffRow(name="李文书", roles=("文书",)))
    numbering.save_code(s, numbering.CodeRow("院发", "医院文件"))
    numbering.save_code(s, numbering.CodeRow("院办发", "医院办公室文件"))
    numbering.save_code(s, numbering.CodeRow("院函", "医院函件", ("函",)))


@pytest.fixture
def office(store):
    with store.write() as s:
        setup_office(s)
    return store


def draft(s, title: str = "关于开展安全生产检查的通知", **kw) -> int:
    data = OutgoingInput(title=title, drafting_department="院办", drafter="李文书", main_recipients="各科室",
                         **kw)
    return create_draft(s, data, "李文书")


def signed(s, code: str = "院发", day: dt.date = dt.date(2026, 3, 2), **kw) -> tuple[int, str]:
    """A draft taken through 核稿 and 签发: (id, number)."""
    doc_id = draft(s, **kw)
    workflow.review(s, doc_id, "王主任", "王主任")
    return doc_id, workflow.sign_off(s, doc_id, SIGNER, day, code, "李文书")
