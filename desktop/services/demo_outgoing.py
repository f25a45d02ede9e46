"""The demo hospital's 发文: its 机关代字, and documents taken through the whole workflow.

Called by demo._Generator.outgoing() with the generator (its random stream, calendar,
cursor, staff), so the demo stays one deterministic pass. Each document is simulated
step by step from its drafting (起草 → 核稿 → 会签 → 签发 and 编号 → 复核 → 印制 → 核发 →
归档) and stops where the simulated "now" falls: past years' documents are archived,
this year's wait at every stage. A few are sent back (退回修改: most reviewed again,
some still waiting), a few numbers are cancelled (作废, with a reason) and keep their
number. Numbers are given in sign-off order, gapless per 代字 and year. Rows go in with
executemany, as the rest of the demo.
"""
from __future__ import annotations

from bisect import bisect
from typing import Any

from desktop.services import demo_words as W
from desktop.services.outgoing.steps import RESTAGE_SQL

HOSPITAL = "湖南省职业病防治院"  # the demo's 发文机关 (the 代字 names carry it, as an office sets them)
PARTY = f"中共{HOSPITAL}委员会"
# (代字, 发文机关标志, 文种 it is used for)
CODES = (
    ("院发", f"{HOSPITAL}文件", ("通知", "决定", "意见", "报告", "请示", "通报", "批复")),
    ("院办发", f"{HOSPITAL}办公室文件", ("通知", "通报", "纪要", "报告")),
    ("院函", HOSPITAL, ("函",)),  # 信函格式: the 机关全称 alone (GB/T 9704 §10.1)
    ("党委发", f"{PARTY}文件", ("通知", "意见", "决定")),
)
DOC_COLS = (
    "id", "code", "year", "seq", "title", "doc_type", "main_recipients", "cc_recipients", "drafting_department",
    "drafter", "reviewer", "reviewed_at", "countersign_departments", "countersigned_at", "signed_by", "signed_on",
    "rechecked_by", "rechecked_at", "written_on", "secrecy", "secrecy_term", "urgency", "issuing_authority",
    "issued_on", "copies", "printed_by", "printed_at", "dispatched_by", "dispatched_at", "attachment_note", "body",
    "archive_volume", "archive_item", "archived_on", "returned_at", "return_reason", "cancelled_at",
    "cancel_reason", "in_reply_to_id", "created_at", "updated_at",
)
EVENT_COLS = ("id", "document_id", "action", "actor", "at", "detail")
RETURN_RATE = 0.05
CANCEL_RATE = 0.006
RETURN_REASONS = ("文字表述需修改，请重新核稿。", "主送机关有误，请核实。", "附件不全，请补充后再报。", "请先征求相关科室意见。")
CANCEL_REASONS = ("标题有误，已重新编号发文。", "领导决定暂缓发文。", "与已印发文件内容重复，不再印发。",
                  "代字用错，已改用正确代字重新发文。")
_CLOSING = {"请示": "妥否，请批示。", "报告": "特此报告。", "函": "请予支持为盼。", "通知": "特此通知。",
            "决定": "特此决定。", "通报": "特此通报。"}


def _body(topic: str, lead: str, dtype: str) -> str:
    verb = {"请示": "请示", "报告": "报告", "函": "函告", "纪要": "纪要"}.get(dtype, "通知")
    return "\n".join((
        f"为进一步做好{topic}工作，根据上级有关要求，结合我院实际，现将有关事项{verb}如下。",
        f"一、提高思想认识。各科室要充分认识做好{topic}工作的重要性，切实加强组织领导。",
        f"二、明确工作责任。{lead}牵头负责，各相关科室密切配合，确保各项措施落实到位。",
        "三、抓好工作落实。请各责任科室按照时间节点完成各项任务，并及时报送工作进展。",
        _CLOSING.get(dtype, ""),
    )).rstrip()


def _items(g: Any, total: int) -> list[tuple]:
    """(signed day, created moment, code, title, 文种, 主送, lead dept, topic, reply to) per document."""
    rng, cal = g.rng, g.cal
    rnd, workdays, pos = rng.random, cal.workdays, cal.pos
    n_reply = min(len(g.reply_candidates), int(total * 0.15))
    items = []
    for doc_id, cd, sender, topic, lead in rng.sample(g.reply_candidates, n_reply):
        code, dtype, pattern = W.REPLY_TITLES[int(rnd() * 2)]
        created = workdays[pos[cd] - 1 - int(rnd() * 3)] * 1440 + 480 + int(rnd() * 570)
        items.append((cd, created, code, _tidy(pattern.format(t=topic)), dtype, sender, lead, topic, doc_id))
    all_topics, party = g._all_topics(), g._all_topics("党建")
    first, last = pos[g.s0 + 10], pos[g.e0] + 12  # some still drafts at the end
    codes_cum = _cum(share for _c, share, _t in W.OUTGOING)
    for _ in range(total - n_reply):
        code, _share, templates = W.OUTGOING[bisect(codes_cum, rnd() * codes_cum[-1])]
        signed = workdays[first + int(rnd() * (last - first + 1))]
        created = workdays[pos[signed] - 1 - int(rnd() * 10)] * 1440 + 480 + int(rnd() * 570)
        if created > g.cut:
            continue
        topic, lead, _others = _pick(rnd, party if code == "党委发" else all_topics)
        dtype, pattern = _pick(rnd, templates)
        if code == "院函" or dtype == "报告":
            recipients = "湖南省卫生健康委员会" if dtype == "报告" else _pick(rnd, W.ORGANISATIONS)[0]
        else:
            recipients = _pick(rnd, W.INTERNAL_RECIPIENTS)
        items.append((signed, created, code, _tidy(pattern.format(y=cal.year[signed], t=topic)), dtype, recipients,
                      lead, topic, None))
    items.sort(key=lambda x: (x[1], x[0], x[2], x[3]))
    return items


class _Document:
    """One 发文 simulated through the workflow; ``row`` holds DOC_COLS by name."""

    def __init__(self, g: Any, k: int, item: tuple) -> None:
        self.g = g
        signed, created, code, title, dtype, recipients, lead, topic, reply_to = item
        rnd = g.rng.random
        self.signed_target, self.sign_t = signed, None
        self.events: list[tuple[str, str, int, str]] = []  # (action, actor, moment, detail)
        self.slow = False
        others = [d for d in g.outgoing_departments if d != lead]
        self.row: dict[str, Any] = dict.fromkeys(DOC_COLS, None) | {
            "id": k, "code": code, "title": title, "doc_type": dtype, "main_recipients": recipients,
            "cc_recipients": "院领导" if rnd() < 0.2 else "", "drafting_department": lead,
            "drafter": g._staff_of(lead), "reviewer": "", "signed_by": "", "rechecked_by": "", "printed_by": "",
            "dispatched_by": "", "countersign_departments": "", "secrecy": "公开", "secrecy_term": "",
            "urgency": "普通", "issuing_authority": f"{PARTY if code == '党委发' else HOSPITAL}办公室",
            "attachment_note": "", "body": _body(topic, lead, dtype), "archive_volume": "", "archive_item": "",
            "return_reason": "", "cancel_reason": "", "in_reply_to_id": reply_to, "created_at": g.ts(created),
        }
        r = rnd()
        if r < 0.02:
            self.row.update(secrecy="秘密", secrecy_term=_pick(rnd, ("1年", "5年", "10年")))
        elif r < 0.08:
            self.row["secrecy"] = "内部"
        r = rnd()
        self.row["urgency"] = "特急" if r < 0.03 else "加急" if r < 0.15 else "普通"
        if rnd() < 0.2 and code != "院函":
            self.row["countersign_departments"] = "、".join(dict.fromkeys(_pick(rnd, others) for _ in range(2)))
        if rnd() < 0.25:
            self.row["attachment_note"] = f"1.{topic}工作方案\n2.{topic}责任分工表" if rnd() < 0.5 else f"{topic}工作方案"
        self.created = created
        self.event("起草", self.row["drafter"], created, title)

    def later(self, t: int, lo: int, hi: int) -> int:
        return self.g.later(t, lo + 1, hi + 4) if self.slow else self.g.later(t, lo, hi)

    def event(self, action: str, actor: str, t: int, detail: str = "") -> None:
        self.events.append((action, actor, t, detail))

    def run(self) -> None:
        """Take the document as far as the simulated now allows."""
        g, row = self.g, self.row
        rnd, cut = g.rng.random, g.cut
        # a third of the documents take days at each step: this month's wait at every stage
        self.slow = rnd() < 0.35
        later = self.later
        clerk = _pick(rnd, g.secretaries) if g.secretaries else g.director
        t = later(self.created, 0, 1)
        if t > cut:
            return
        reviewer = g.director
        row.update(reviewer=reviewer, reviewed_at=g.ts(t))
        self.event("核稿", clerk, t, reviewer)
        if rnd() < RETURN_RATE:  # 退回修改 at 签发: reviewed again, unless it is still with the drafter
            back = later(t, 0, 2)
            if back > cut:
                return
            reason = _pick(rnd, RETURN_REASONS)
            row.update(returned_at=g.ts(back), return_reason=reason, reviewer="", reviewed_at=None)
            self.event("退回修改", clerk, back, reason)
            t = later(back, 2, 8)  # the drafter rewrites it
            if t > cut:
                return
            row.update(reviewer=reviewer, reviewed_at=g.ts(t))
            self.event("核稿", clerk, t, reviewer)
        if row["countersign_departments"]:
            t = later(t, 0, 2)
            if t > cut:
                return
            row["countersigned_at"] = g.ts(t)
            self.event("会签", clerk, t, row["countersign_departments"])
        t = max(t + 30, self.signed_target * 1440 + 480 + int(rnd() * 570))
        if t > cut:
            return
        self.sign_t = t
        signer = g.leaders[1][0] if row["code"] == "党委发" else (
            g.director if row["code"] == "院办发" and rnd() < 0.5 else g.leader_for(row["drafting_department"])[0])
        day = g.cal.iso[t // 1440]
        row.update(signed_by=signer, signed_on=day, written_on=day, year=g.cal.year[t // 1440])
        self.event("签发", clerk, t, signer)  # the number is added to the detail once given
        if rnd() < CANCEL_RATE:
            t = later(t, 0, 2)
            if t <= cut:
                reason = _pick(rnd, CANCEL_REASONS)
                row.update(cancelled_at=g.ts(t), cancel_reason=reason)
                self.event("作废", g.director, t, reason)
            return
        self._after_sign_off(t, clerk)

    def _after_sign_off(self, t: int, clerk: str) -> None:
        g, row = self.g, self.row
        rnd, later, cut = g.rng.random, self.later, g.cut
        copies = 2 + int(rnd() * 4) if row["code"] == "院函" else 10 + int(rnd() * 70)
        for action, column, lo, hi in (("复核", "rechecked", 0, 1), ("印制", "printed", 0, 1), ("核发", "dispatched", 0, 1)):
            t = later(t, lo, hi)
            if t > cut:
                return
            row[f"{column}_by"], row[f"{column}_at"] = clerk, g.ts(t)
            detail = {"印制": f"{copies} 份", "核发": f"{g.cal.iso[t // 1440]} 印发 {copies} 份"}.get(action, "")
            if action == "印制":
                row["copies"] = copies
            if action == "核发":
                row["issued_on"] = g.cal.iso[t // 1440]
            self.event(action, clerk, t, detail)
        t = later(t, 15, 45)
        if t > cut:
            return
        year = row["year"]
        k = g.outgoing_archived[year] = g.outgoing_archived.get(year, 0) + 1
        row.update(archive_volume=f"{year}-FW-{(k - 1) // 100 + 1:03d}", archive_item=f"{(k - 1) % 100 + 1:03d}",
                   archived_on=g.cal.iso[t // 1440])
        self.event("归档", clerk, t, f"卷号 {row['archive_volume']} 件号 {row['archive_item']}")


def generate(g: Any, cur: Any, total: int) -> int:
    """Insert the 代字, about ``total`` documents and their events; returns how many documents."""
    cur.executemany("INSERT INTO outgoing_codes (id, code, name, doc_types, active, sort_order) VALUES (?,?,?,?,1,?)",
                    [(i, code, name, "、".join(types), i) for i, (code, name, types) in enumerate(CODES, start=1)])
    # the 院办主任 signs 院办发 documents off: the directory says so, as sign_off checks
    cur.execute("UPDATE staff SET roles = CASE WHEN roles = '' THEN '签发人' ELSE roles || ',签发人' END "
                "WHERE name = ?", (g.director,))
    g.outgoing_archived = {}
    g.outgoing_departments = tuple(dict.fromkeys(d for _t, d, _o in g._all_topics()))  # 会签 candidates
    docs = [_Document(g, k, item) for k, item in enumerate(_items(g, total), start=1)]
    for doc in docs:
        doc.run()
    seqs: dict[tuple[str, int], int] = {}
    for doc in sorted((d for d in docs if d.sign_t is not None), key=lambda d: (d.sign_t, d.row["id"])):
        key = (doc.row["code"], doc.row["year"])
        doc.row["seq"] = seqs[key] = seqs.get(key, 0) + 1
    events: list[tuple] = []
    fmt = "{code}〔{year}〕{seq}号"
    for doc in docs:
        row = doc.row
        row["updated_at"] = g.ts(doc.events[-1][2]) if len(doc.events) > 1 else None
        for action, actor, t, detail in doc.events:
            if action == "签发":
                detail = f"{detail}签发，编号 {fmt.format(**row)}"
            events.append((len(events) + 1, row["id"], action, actor, g.ts(t), detail))
    marks = ",".join("?" * len(DOC_COLS))
    cur.executemany(f"INSERT INTO outgoing_documents ({','.join(DOC_COLS)}) VALUES ({marks})",
                    [tuple(d.row[c] for c in DOC_COLS) for d in docs])
    cur.executemany(f"INSERT INTO outgoing_events ({','.join(EVENT_COLS)}) VALUES (?,?,?,?,?,?)", events)
    cur.execute(RESTAGE_SQL)
    # searchable like any 发文: services.demo rebuilds outgoing_search once every part is in
    return len(docs)


def _pick(rnd: Any, options: Any) -> Any:
    return options[int(rnd() * len(options))]


def _tidy(title: str) -> str:
    from desktop.services.demo import _tidy as tidy

    return tidy(title)


def _cum(weights: Any) -> list[float]:
    from desktop.services.demo import _cum as cum

    return cum(weights)
