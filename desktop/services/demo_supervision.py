"""The demo hospital's 督办: ~300 items a year, with a realistic life each.

Most are closed on time, some late, a few stay overdue; some ask for an extension
(mostly approved, some refused: the original deadline then stands), some are sent back
at 审结 and closed again, most closed ones are evaluated; 进展 reports and 催办 records
along the way; a few are 撤销. About half come from a 收文's 领导批示 (linked both
ways, the 批示 quoted), the rest from 院长办公会, 党委会, 上级交办 and 来信来访.

Same discipline as services.demo: one random.Random drives everything in a fixed order,
ids are assigned here, rows go in with executemany; the cached effective deadline and
stage are then set in SQL by the rules of services.supervision.status.
"""
from __future__ import annotations

from bisect import bisect
from typing import Any

from desktop.services import demo_words as W
from desktop.services.supervision.status import RESTAGE_SQL

SUPERVISION_PER_YEAR = 300

ITEM_COLS = (
    "id", "year", "seq", "task", "source", "source_detail", "source_incoming_id", "source_instruction_id",
    "instruction", "assigned_by", "lead_department", "assisting_departments", "responsible", "assigned_on",
    "deadline", "deadline_workdays", "requirement", "priority", "report_cycle", "closed_on", "result", "closed_by",
    "accepted_at", "accepted_by", "returned_at", "return_reason", "evaluation", "evaluated_by", "cancelled_at",
    "cancel_reason", "created_at", "updated_at",
)
CHILD_COLS = {
    "supervision_reports": ("id", "item_id", "reported_on", "text", "percent", "reported_by", "recorded_by",
                            "recorded_at"),
    "supervision_reminders": ("id", "item_id", "reminded_on", "method", "reminded_by", "answer", "recorded_at"),
    "supervision_extensions": ("id", "item_id", "requested_on", "requested_by", "reason", "new_deadline", "decision",
                               "decided_by", "decided_at", "decision_note"),
    "supervision_events": ("id", "item_id", "action", "actor", "at", "detail"),
}
DUE_SQL = """UPDATE supervision_items SET due_on = coalesce((SELECT e.new_deadline FROM supervision_extensions e
  WHERE e.item_id = supervision_items.id AND e.decision = '批准' ORDER BY e.decided_at DESC, e.id DESC LIMIT 1),
  deadline)"""

PROGRESS = ("已召开专题会议研究部署，明确责任分工", "已制定工作方案，正在组织实施", "已完成现场摸底调查",
            "主要工作已完成，正在整理资料", "已完成整改初稿，待分管领导审定", "已与相关科室协调，推进中")
RESULTS = ("已按要求完成，形成书面报告报院办", "已完成整改并经分管领导验收", "相关制度已修订印发",
           "已办理完毕，并向来信人反馈", "已完成并报上级主管部门")
ANSWERS = ("正在办理，本周内报送进展", "因需协调外单位，进度稍慢，将尽快完成", "已安排专人负责，按时完成",
           "材料正在审核，近日报送")
EXT_REASONS = ("需等待上级部门批复", "涉及多个科室协调，工作量大", "设备采购周期较长", "需待专家论证后实施")
BACK_REASONS = ("佐证材料不全，请补充", "整改不彻底，请继续落实", "办理结果未反映领导批示要求")
CANCEL_REASONS = ("上级已统一部署，不再单独督办", "事项合并至其他督办事项办理")
REQUIREMENTS = ("", "", "办结后报送书面办理结果及佐证材料。", "每周五前报送进展，办结后报送总结。")
PRIORITIES = (("一般", 0.7), ("重要", 0.95), ("紧急", 1.0))


class _Rows:
    def __init__(self) -> None:
        self.rows: dict[str, list] = {t: [] for t in CHILD_COLS}

    def add(self, table: str, *values: Any) -> None:
        rows = self.rows[table]
        rows.append((len(rows) + 1, *values))


def generate(gen: Any) -> None:
    """Add the 督办 of the demo hospital built by ``gen`` (services.demo._Generator)."""
    _Supervision(gen).run()


class _Supervision:
    def __init__(self, gen: Any) -> None:
        self.g = gen
        self.rnd = gen.rng.random
        self.cal = gen.cal
        self.children = _Rows()

    # --- helpers ------------------------------------------------------------------------

    def wd(self, day: int, k: int) -> int:
        """The k-th working day after ``day`` (k >= 0; 0: the first working day from it)."""
        return self.cal.workdays[self.cal.pos[day] + k]

    def moment(self, day: int) -> str:
        return self.g.ts(day * 1440 + 480 + int(self.rnd() * 570))

    def pick(self, options):
        return options[int(self.rnd() * len(options))]

    # --- the items ----------------------------------------------------------------------

    def specs(self) -> list[tuple]:
        g, rnd = self.g, self.rnd
        total = max(1, round(SUPERVISION_PER_YEAR * g.scale * g.years))
        n_linked = min(len(g.sup_candidates), int(total * 0.55))
        out = []
        for doc_id, (ins_id, leader, ins_day), deadline, _done, lead, depts, title in g.rng.sample(
                g.sup_candidates, n_linked):
            if deadline is None or deadline <= ins_day:
                deadline = self.wd(ins_day, 10 + int(rnd() * 20))
            task = f"落实{leader}批示：{lead}牵头办理《{title.replace('《', '〈').replace('》', '〉')}》"
            out.append((ins_day * 1440 + 480 + int(rnd() * 570), task, "领导批示", doc_id, ins_id, leader, lead,
                        "、".join(depts[1:3]), deadline))
        topics = g._all_topics()
        cum = _cum(w for *_x, w in W.SUPERVISION_SOURCES)
        first, last = self.cal.pos[g.s0], self.cal.pos[g.e0]
        for _ in range(total - n_linked):
            source, pattern, _w = W.SUPERVISION_SOURCES[bisect(cum, rnd() * cum[-1])]
            topic, lead, pool = self.pick(topics)
            day = self.cal.workdays[first + int(rnd() * (last - first + 1))]
            org = W.ORGANISATIONS[int(rnd() * 12)][0]
            task = pattern.format(t=topic, o=org, c=self.pick(W.COMPLAINTS))
            for word in ("工作", "管理", "培训", "宣传", "统计"):
                task = task.replace(word + word, word)
            leader = {"院长办公会": g.leaders[0], "党委会": g.leaders[1]}.get(source) or g.leader_for(lead)
            assisting = list(dict.fromkeys(o for o in (self.pick(pool) for _k in range(int(rnd() * 3))) if o != lead))
            out.append((day * 1440 + 480 + int(rnd() * 570), task, source, None, None, leader[0], lead,
                        "、".join(assisting), self.wd(day, 8 + int(rnd() * 35))))
        out.sort(key=lambda x: (x[0], x[1], x[3] or 0))
        return out

    def run(self) -> None:
        g = self.g
        specs = self.specs()
        quoted = self.instructions([s[4] for s in specs if s[4] is not None])
        numbers = self.doc_numbers([s[3] for s in specs if s[3] is not None])
        rows: list[tuple] = []
        seqs: dict[int, int] = {}
        for k, (t, task, source, doc_id, ins_id, leader, lead, assisting, deadline) in enumerate(specs, start=1):
            year = self.cal.year[t // 1440]
            seq = seqs[year] = seqs.get(year, 0) + 1
            if doc_id is not None:
                detail, instruction = numbers[doc_id], quoted[ins_id]
            else:
                detail, instruction = self.source_detail(source, year, t // 1440), ""
            rows.append(self.item(k, year, seq, t, task, source, detail, doc_id, ins_id, instruction, leader, lead,
                                  assisting, deadline))
        _insert(g.cur, "supervision_items", ITEM_COLS, rows)
        for table, cols in CHILD_COLS.items():
            _insert(g.cur, table, cols, self.children.rows[table])
        g.cur.execute(DUE_SQL)
        g.cur.execute(RESTAGE_SQL)
        g.summary.supervision_items = len(rows)
        g.progress.report(len(rows), len(rows), "督办")

    def instructions(self, ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update(self.g.cur.execute(
                f"SELECT id, text FROM incoming_instructions WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def doc_numbers(self, ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for id_, year, seq, title in self.g.cur.execute(
                    f"SELECT id, year, seq, title FROM incoming_documents WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall():
                out[id_] = f"{self.g.number(year, seq)}《{title}》"[:200]
        return out

    def source_detail(self, source: str, year: int, day: int) -> str:
        month = int(self.cal.iso[day][5:7])
        return {"院长办公会": f"{year}年第{month * 2 - int(self.rnd() * 2)}次院长办公会",
                "党委会": f"{year}年{month}月党委会", "上级交办": "上级主管部门交办",
                "来信来访": "群众来信转办"}.get(source, "")

    def item(self, k, year, seq, t, task, source, detail, doc_id, ins_id, instruction, leader, lead, assisting,
             deadline) -> tuple:
        g, rnd, cal, e0 = self.g, self.rnd, self.cal, self.g.e0
        a = t // 1440
        workdays = None
        if cal.work[a] and rnd() < 0.4:
            workdays = max(1, cal.pos[deadline] - cal.pos[a])
            deadline = self.wd(a, workdays)
        p = rnd()
        priority = next(name for name, edge in PRIORITIES if p < edge)
        cycle = "每周" if rnd() < 0.15 else ("每月" if rnd() < 0.1 else "")
        responsible = g.head.get(lead, g.director)
        created = g.ts(t)
        self.children.add("supervision_events", k, "立项", g.director, created, f"{leader}交办，主办：{lead}")
        due = self.extension(k, a, deadline, lead, responsible)
        closed, returned, accepted, evaluation, cancelled = self.outcome(k, a, due, responsible)
        self.reports(k, a, min(closed if closed is not None else e0, e0), responsible, cycle)
        self.reminders(k, a, due, closed)
        iso = cal.iso
        close_day = iso[closed] if closed is not None else None
        return (k, year, seq, task, source, detail, doc_id, ins_id, instruction, leader, lead, assisting,
                responsible, iso[a], iso[deadline], workdays, self.pick(REQUIREMENTS), priority, cycle, close_day,
                self.pick(RESULTS) if closed is not None else "", g.director if closed is not None else "",
                accepted, g.director if accepted else "", returned[0] if returned else None,
                returned[1] if returned else "", evaluation, g.director if evaluation else "",
                cancelled[0] if cancelled else None, cancelled[1] if cancelled else "", created, created)

    def extension(self, k: int, a: int, deadline: int, lead: str, who: str) -> int:
        """Some ask, before the deadline, for 5-15 more working days; 70% approved. The
        effective deadline is returned."""
        rnd, g = self.rnd, self.g
        if rnd() >= 0.12:
            return deadline
        span = max(1, self.cal.pos[deadline] - self.cal.pos[a])
        asked = self.wd(a, 1 + int(rnd() * span))
        if asked > g.e0 or asked > deadline:
            return deadline
        new = self.wd(deadline, 5 + int(rnd() * 11))
        decided = self.wd(asked, int(rnd() * 2))
        approve = rnd() < 0.7
        if decided > g.e0:
            self.children.add("supervision_extensions", k, self.cal.iso[asked], who, self.pick(EXT_REASONS),
                              self.cal.iso[new], "", "", None, "")
            return deadline
        at = self.moment(decided)
        decision, note = ("批准", "") if approve else ("驳回", "时限内完成，不予延期")
        self.children.add("supervision_extensions", k, self.cal.iso[asked], who, self.pick(EXT_REASONS),
                          self.cal.iso[new], decision, g.director, at, note)
        detail = f"延至 {self.cal.iso[new]}" if approve else f"仍按 {self.cal.iso[deadline]}：{note}"
        self.children.add("supervision_events", k, f"{decision}延期", g.director, at, detail)
        return new if approve else deadline

    def outcome(self, k: int, a: int, due: int, who: str):
        """(closed day, (returned at, reason), accepted at, evaluation, (cancelled at, reason))."""
        rnd, g, cal, e0 = self.rnd, self.g, self.cal, self.g.e0
        r = rnd()
        span = max(1, cal.pos[due] - cal.pos[a])
        if r < 0.02:
            day = self.wd(a, 1 + int(rnd() * span))
            if day <= e0:
                at = self.moment(day)
                reason = self.pick(CANCEL_REASONS)
                self.children.add("supervision_events", k, "撤销", g.director, at, reason)
                return None, None, None, "", (at, reason)
            return None, None, None, "", None
        if e0 - 90 < due < e0 and k % 25 == 0:
            # a few recent items stay open past their deadline whatever the random stream
            # (it shifts when other parts of the demo change): the dashboard has overdue work
            return None, None, None, "", None
        if r < 0.80:
            closed = self.wd(a, 1 + int(rnd() * span))
        elif r < 0.95:
            closed = self.wd(due, 1 + int(rnd() * 15))
        elif due + 90 < e0:  # an office does not leave an item open for months: closed, late
            closed = self.wd(due, 20 + int(rnd() * 40))
        else:
            return None, None, None, "", None  # still open: overdue once the deadline has passed
        if closed > e0:
            return None, None, None, "", None
        returned = None
        if rnd() < 0.07:  # sent back at 审结, closed again a few days later
            back = self.wd(closed, 1)
            again = self.wd(back, 2 + int(rnd() * 8))
            if again <= e0:
                reason = self.pick(BACK_REASONS)
                self.children.add("supervision_events", k, "办结", g.director, self.moment(closed), f"{cal.iso[closed]} 办结")
                returned = (self.moment(back), reason)
                self.children.add("supervision_events", k, "退回", g.director, returned[0], reason)
                closed = again
        self.children.add("supervision_events", k, "办结", g.director, self.moment(closed), f"{cal.iso[closed]} 办结")
        review = self.wd(closed, int(rnd() * 6))
        if review > e0 or (closed > e0 - 10 and rnd() < 0.5):  # some of the last days' wait for 审结
            return closed, returned, None, "", None
        accepted = self.moment(review)
        self.children.add("supervision_events", k, "审结", g.director, accepted, "通过")
        evaluation = ""
        if rnd() < 0.8:
            e = rnd()
            evaluation = "满意" if e < 0.7 else ("基本满意" if e < 0.95 else "不满意")
            self.children.add("supervision_events", k, "评价", g.director, accepted, evaluation)
        return closed, returned, accepted, evaluation, None

    def reports(self, k: int, a: int, end: int, who: str, cycle: str) -> None:
        step = 5 if cycle == "每周" else (22 if cycle == "每月" else 12)
        n = min(6, max(0, (self.cal.pos[end] - self.cal.pos[a]) // step))
        for i in range(1, n + 1):
            day = self.wd(a, i * step)
            if day > end:
                break
            percent = min(95, int(100 * i / (n + 1)) + int(self.rnd() * 10))
            self.children.add("supervision_reports", k, self.cal.iso[day], self.pick(PROGRESS), percent, who,
                              self.g.director, self.moment(day))

    def reminders(self, k: int, a: int, due: int, closed: int | None) -> None:
        """催办 around and after the deadline for the slow ones."""
        e0 = self.g.e0
        end = closed if closed is not None else e0
        if end < self.wd(due, 0) - 3 or self.rnd() < 0.4:
            return
        first = max(a + 1, due - 3)
        for i in range(1 + int(self.rnd() * 3)):
            day = self.wd(first, i * 3)
            if day > end:
                break
            method = self.pick(("电话", "电话", "催办单", "当面", "OA"))
            self.children.add("supervision_reminders", k, self.cal.iso[day], method, self.g.director,
                              self.pick(ANSWERS), self.moment(day))


def _insert(cur, table: str, cols: tuple[str, ...], rows: list) -> None:
    if rows:
        cur.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", rows)


def _cum(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
