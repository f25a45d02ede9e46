"""A demo hospital: departments, staff, senders and years of 收文/发文/督办 records.

Deterministic for a seed: one random.Random(seed) drives everything, dates are
simulated up to ``end`` (a fixed default, never today), and every row is built in a
fixed order. Rows go in with executemany on the DBAPI cursor, in one transaction,
with ids assigned here so child rows need no round trips (200,000 收文 in well
under a minute). Qt-free.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, cast

from desktop.services import (
    clock,
    demo_audit,
    demo_bulk,
    demo_duty,
    demo_supervision,
    search,
    workcal,
)
from desktop.services import demo_words as W
from desktop.services.incoming.steps import derive_step
from desktop.services.numbering import incoming_number_format
from desktop.services.progress import Progress, quiet
from desktop.services.search_text import bigram_body
from desktop.services.store import Store

if TYPE_CHECKING:
    from db.models import IncomingDocument

DEFAULT_END = dt.date(2026, 11, 20)
DEFAULT_DOCS_PER_YEAR = 4500
OUTGOING_PER_YEAR = 1200  # at the default incoming rate; scaled with docs_per_year
BATCH = 20_000
NOT_EMPTY = "数据库不是空的，演示数据只能写入新数据库"
_OURS = ("incoming_documents", "departments")  # either one filled: not a new database

INCOMING_COLS = (
    "id", "year", "seq", "received_at", "sender", "sender_doc_no", "title", "doc_type", "secrecy",
    "urgency", "copies", "pages", "deadline", "for_reading_only", "reviewed_at", "reviewed_by",
    "proposal", "proposed_by", "proposed_at", "result", "completed_on", "archived_on",
    "archive_volume", "archive_item", "remarks", "step", "cancelled_at", "cancel_reason",
    "registered_by", "created_at", "updated_at",
)
CHILD_COLS = {
    "incoming_instructions": ("id", "document_id", "leader", "text", "instructed_on", "recorded_by", "recorded_at"),
    "incoming_assignments": ("id", "document_id", "department", "is_lead", "opinion", "assigned_on", "assigned_by"),
    "incoming_circulations": ("id", "document_id", "reader", "handed_at", "returned_at"),
    "incoming_reminders": ("id", "document_id", "reminded_at", "reminded_by", "method", "note"),
    "incoming_events": ("id", "document_id", "action", "actor", "at", "detail"),
}
# minute of the day -> " HH:MM:00.000000" (SQLAlchemy's SQLite DateTime storage format)
_TIMES = tuple(f" {m // 60:02d}:{m % 60:02d}:00.000000" for m in range(1440))


# Printed by `demo` and listed in the README, so the demo opens in one command. A real
# office's first start asks for its own 主任 account instead; there is no default password.
DEMO_ACCOUNTS = (
    ("院办主任", "demo-zhuren-2026", "主任", "绝密"),
    ("院办文书", "demo-wenshu-2026", "文书", "内部"),
)


@dataclass
class DemoSummary:
    departments: int = 0
    staff: int = 0
    organisations: int = 0
    incoming_documents: int = 0
    incoming_instructions: int = 0
    incoming_assignments: int = 0
    incoming_circulations: int = 0
    incoming_reminders: int = 0
    incoming_events: int = 0
    outgoing_documents: int = 0
    supervision_items: int = 0

    def __str__(self) -> str:
        return (
            f"科室 {self.departments} 个，人员 {self.staff} 人，来文单位 {self.organisations} 个；"
            f"收文 {self.incoming_documents} 件（批示 {self.incoming_instructions}、"
            f"承办 {self.incoming_assignments}、传阅 {self.incoming_circulations}、"
            f"催办 {self.incoming_reminders}、记录 {self.incoming_events}）；"
            f"发文 {self.outgoing_documents} 件；督办 {self.supervision_items} 项"
        )


class _Calendar:
    """Day indices from ``first``; working days from the maintained holiday data."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        n = (last - first).days + 1
        self.first = first
        dates = [first + dt.timedelta(days=i) for i in range(n)]
        self.iso = [d.isoformat() for d in dates]
        self.year = [d.year for d in dates]
        self.work = [workcal.is_workday(d) for d in dates]
        self.workdays = [i for i in range(n) if self.work[i]]
        self.pos = [0] * n  # position in workdays of the first working day >= i
        k = len(self.workdays)
        for i in range(n - 1, -1, -1):
            if self.work[i]:
                k -= 1
            self.pos[i] = k

    def index(self, day: dt.date) -> int:
        return (day - self.first).days


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"


def _insert(cur, table: str, cols: tuple[str, ...], rows: list) -> None:
    if rows:
        cur.executemany(_insert_sql(table, cols), rows)


def generate_demo(
    store: Store,
    years: int = 2,
    seed: int = 1,
    *,
    end: dt.date | None = None,
    docs_per_year: int | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with ``years`` years of a hospital office's records up to ``end``.

    ``progress`` hears (done, total, stage) with stage 收文, 发文 or 督办; its cancel()
    stops the job with Cancelled and the database stays empty (one transaction).
    """
    if years < 1:
        raise ValueError("年数至少为 1")
    docs_per_year = DEFAULT_DOCS_PER_YEAR if docs_per_year is None else docs_per_year
    if docs_per_year < 1:
        raise ValueError("每年收文数至少为 1")
    end = end or DEFAULT_END
    # The demo happens on its simulated last day: the same seed gives the same file, the
    # history's times and the accounts' included.
    with demo_bulk.gc_paused(), demo_bulk.memory_journal(store, _OURS), \
            clock.frozen(dt.datetime.combine(end, dt.time(18))), store.write(actor="演示") as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None  # None only once the pooled connection was invalidated
        for table in _OURS:
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                raise ValueError(NOT_EMPTY)
        fmt = incoming_number_format(session)
        cur = conn.cursor()
        cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
        # up to 1 GB while bulk-loading (used only as the file grows): at 1,000,000 documents a
        # 128 MB cache spilled pages to the WAL and rewrote them, and sorted indexes on disk
        conn.execute("PRAGMA cache_size=-1048576")
        dropped = demo_bulk.drop_indexes(conn, demo_bulk.BULK_TABLES)  # built once, at the end
        demo_bulk.fts_hashsize(conn, demo_bulk.FTS_BULK)
        try:
            gen = _Generator(random.Random(seed), cur, end, years, docs_per_year, fmt.format, progress)
            gen.run()
            demo_bulk.create_indexes(conn, dropped, demo_bulk.BULK_TABLES)
            demo_bulk.rebuild_rollups(conn)
            demo_bulk.index_outgoing(conn)  # 收文's rows were written above
            search.rebuild(conn, ("supervision",))
            # the history starts with what was made here, stamped with the simulated last day
            demo_audit.log_all_created(session, "演示数据", "演示", dt.datetime.combine(end, dt.time(18)))
        finally:
            conn.execute(f"PRAGMA cache_size={int(cache_size)}")
            demo_bulk.fts_hashsize(conn, demo_bulk.FTS_DEFAULT)
        gen.summary.staff += demo_duty.fill(session, end)  # 值班: cadres, pools, leave, rosters, swaps, log
        # the 单位名称 printed on every form, the same hospital as its 机关代字 name
        from desktop.services.demo_outgoing import HOSPITAL
        from desktop.services.hospital import set_hospital_name

        set_hospital_name(session, HOSPITAL)
        from desktop.services.users import create_first_director, create_user

        create_first_director(session, *DEMO_ACCOUNTS[0][:2])
        for name, password, role, clearance in DEMO_ACCOUNTS[1:]:
            create_user(session, name, role, clearance, password)
    return gen.summary


_BLANK = {
    "step": "登记", "reviewed_at": None, "reviewed_by": "", "proposal": "", "proposed_by": "",
    "proposed_at": None, "result": "", "completed_on": None, "archived_on": None, "volume": "",
    "item": "", "cancelled_at": None, "reason": "",
}


def _pick(rnd, options):
    return options[int(rnd() * len(options))]


class _Rows:
    """Child rows of the 收文 being built, with ids assigned here (1..N per table)."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = {table: [] for table in CHILD_COLS}
        self.count = dict.fromkeys(CHILD_COLS, 0)

    def add(self, table: str, *values) -> int:
        n = self.count[table] = self.count[table] + 1
        self.rows[table].append((n, *values))
        return n

    def set(self, table: str, index: int, column: int, value) -> None:
        row = self.rows[table][index]
        self.rows[table][index] = (*row[:column], value, *row[column + 1:])

    def take(self) -> list[tuple[str, list]]:
        """The rows so far as (INSERT, rows) jobs; the lists start empty again."""
        jobs = [(_insert_sql(table, cols), self.rows[table]) for table, cols in CHILD_COLS.items()]
        self.rows = {table: [] for table in CHILD_COLS}
        return jobs


class _Generator:
    def __init__(self, rng, cur, end, years, docs_per_year, number, progress) -> None:
        self.rng, self.cur, self.number = rng, cur, number
        self.progress = progress or quiet()
        self.start = _years_before(end, years) + dt.timedelta(days=1)
        self.cal = _Calendar(self.start - dt.timedelta(days=40), end + dt.timedelta(days=400))
        self.s0, self.e0 = self.cal.index(self.start), self.cal.index(end)
        self.cut = self.e0 * 1440 + 1439  # the simulated "now": end of the last day
        self.years, self.total = years, docs_per_year * years
        self.scale = docs_per_year / DEFAULT_DOCS_PER_YEAR
        self.summary = DemoSummary()
        self.rows = _Rows()
        self.archived: dict[int, int] = {}  # documents archived per year, for 卷号/件号
        self.sup_candidates: list[tuple] = []
        self.reply_candidates: list[tuple] = []

    def run(self) -> None:
        self.reference_data()
        self.incoming()
        self.outgoing()
        self.supervision()

    # --- moments: day index * 1440 + minute -----------------------------------------

    def later(self, t: int, lo: int, hi: int) -> int:
        """A moment lo..hi working days after t, in office hours (0 days: later the same day)."""
        rnd = self.rng.random
        d, m = divmod(t, 1440)
        k = lo + int(rnd() * (hi - lo + 1))
        if k == 0:
            m += 5 + int(rnd() * 115)
            if m <= 1050:
                return d * 1440 + m
            k = 1
        return self.cal.workdays[self.cal.pos[d] + k] * 1440 + 480 + int(rnd() * 570)

    def ts(self, t: int) -> str:
        return self.cal.iso[t // 1440] + _TIMES[t % 1440]

    # --- departments, staff, organisations ---------------------------------------------

    def _name(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            given = rng.choice(W.GIVEN) + (rng.choice(W.GIVEN) if rng.random() < 0.7 else "")
            name = rng.choice(W.SURNAMES) + given
            if name not in used:
                used.add(name)
                return name

    def _phone(self) -> str:
        return self.rng.choice(W.PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def reference_data(self) -> None:
        rng = self.rng
        used: set[str] = set()
        depts = []
        staff: list[list] = []  # mutable: 总值班 is added to some roles below
        dept_specs = ((W.LEADERS_DEPARTMENT, "院领导", 0, ()),) + W.DEPARTMENTS
        for i, (name, kind, _slot, _extra) in enumerate(dept_specs, start=1):
            depts.append((i, name, kind, f"0731-8452{rng.randrange(10**4):04d}", i * 10, 1))
        self.leaders = []
        for title, roles in W.LEADERS:
            name = self._name(used)
            staff.append([len(staff) + 1, name, 1, title, self._phone(), roles, 1])
            self.leaders.append((name, f"{name}{title}"))
        self.head: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        duty_pool = []
        for i, (name, kind, _slot, extra) in enumerate(W.DEPARTMENTS, start=2):
            for title in ("主任", *extra):
                person = self._name(used)
                roles = "文书" if name == W.OFFICE and title in ("科员", "干事") else ""
                row = [len(staff) + 1, person, i, title, self._phone(), roles, 1]
                staff.append(row)
                self.members.setdefault(name, []).append(person)
                self.head.setdefault(name, person)
                if kind == "职能" and title in ("主任", "副主任"):
                    duty_pool.append(row)
        for row in rng.sample(duty_pool, 20):
            row[5] = ",".join(r for r in (row[5], "总值班") if r)
        self.director = self.head[W.OFFICE]
        self.secretaries = [r[1] for r in staff if r[5] == "文书"]
        self.oversees = {name: slot for name, _k, slot, _e in W.DEPARTMENTS}
        self.functional = tuple(n for n, k, _s, _e in W.DEPARTMENTS if k == "职能")
        orgs = []
        self.orgs = []
        for i, (name, short, level, codes, themes, _w) in enumerate(W.ORGANISATIONS, start=1):
            orgs.append((i, name, short, level, codes, 1))
            code_list = codes.split(",")
            letters = tuple(c for c in code_list if c.endswith("函"))
            others = tuple(c for c in code_list if not c.endswith("函")) or letters
            topics = tuple(t for theme in themes.split() for t in self._topics(theme))
            self.orgs.append((name, short, level == "上级", letters or others, others, topics,
                              bigram_body(name)))
        self.org_cum = _cum(w for *_x, w in W.ORGANISATIONS)
        self.tpl_cum = (_cum(t[2] for t in W.TITLE_TEMPLATES), _cum(t[3] for t in W.TITLE_TEMPLATES))
        _insert(self.cur, "departments", ("id", "name", "kind", "phone", "sort_order", "active"), depts)
        _insert(self.cur, "staff", ("id", "name", "department_id", "title", "phone", "roles", "active"),
                [tuple(r) for r in staff])
        _insert(self.cur, "organisations", ("id", "name", "short_name", "level", "doc_codes", "active"), orgs)
        s = self.summary
        s.departments, s.staff, s.organisations = len(depts), len(staff), len(orgs)

    def _topics(self, theme: str) -> tuple:
        """(topic, lead department, other departments of the theme)."""
        entries = W.THEMES[theme]
        depts = tuple(dict.fromkeys(d for _t, d in entries))
        return tuple((t, d, tuple(x for x in depts if x != d) or self.functional) for t, d in entries)

    def leader_for(self, dept: str) -> tuple[str, str]:
        return self.leaders[self.oversees.get(dept, 0)]

    # --- incoming ---------------------------------------------------------------------

    def received_moments(self) -> list[int]:
        """Sorted seconds-since-day-0 of every arrival: working days mostly, 8:00-17:30."""
        rng, cal = self.rng, self.cal
        days = range(self.s0, self.e0 + 1)
        cum = _cum(1.0 if cal.work[d] else 0.03 for d in days)
        picks = rng.choices(days, cum_weights=cum, k=self.total)
        rnd = rng.random
        return sorted(d * 86400 + (28800 + int(rnd() * 34200) if cal.work[d] else 32400 + int(rnd() * 28800))
                      for d in picks)

    def incoming(self) -> None:
        writer = demo_bulk.Writer(self.cur)  # the inserts overlap the next batch's Python
        try:
            self._incoming(writer)
        except BaseException:
            writer.close(raise_error=False)  # Cancelled (or a failure) goes on, the thread ends first
            raise
        writer.close()

    def _incoming(self, writer: demo_bulk.Writer) -> None:
        rng, cal, number, rows = self.rng, self.cal, self.number, self.rows
        rnd, workdays, pos, iso = rng.random, cal.workdays, cal.pos, cal.iso
        moments = self.received_moments()
        org_picks = rng.choices(self.orgs, cum_weights=self.org_cum, k=self.total)
        docno_seq: dict[tuple[str, int], int] = {}
        title_bg: dict[str, str] = {}
        docs, fts, year, seq = [], [], 0, 0
        for doc_id, moment in enumerate(moments, start=1):
            d, sec = divmod(moment, 86400)
            if cal.year[d] != year:
                year, seq = cal.year[d], 0
            seq += 1
            received = f"{iso[d]} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}.000000"
            org = sender, _short, upper, letters, others, topics, sender_bg = org_picks[doc_id - 1]
            cum = self.tpl_cum[0 if upper else 1]
            dtype, pattern, *_w = W.TITLE_TEMPLATES[bisect(cum, rnd() * cum[-1])]
            topic = topics[int(rnd() * len(topics))]
            title = _tidy(pattern.format(y=year, t=topic[0]))
            codes = letters if dtype == "函" else others
            code = codes[int(rnd() * len(codes))]
            n = docno_seq[code, year] = docno_seq.get((code, year), 0) + 1 + int(rnd() * 2.2)
            docno = f"{code}〔{year}〕{n}号"
            r = rnd()
            secrecy = "秘密" if r < 0.005 else "内部" if r < 0.3 else "公开"
            r = rnd()
            urgency = "特急" if r < 0.02 else "加急" if r < 0.1 else "普通"
            r = rnd()
            copies = 1 if r < 0.7 else 2 if r < 0.9 else 3
            pages = 1 + min(39, int(-6.0 * math.log(1.0 - rnd())))
            reading = rnd() < W.READING_SHARE[dtype]
            deadline = None
            if not reading and rnd() < 0.53:
                lo, hi = (3, 7) if urgency == "特急" else (5, 30)
                deadline = workdays[pos[d + lo + int(rnd() * (hi - lo + 1))]]
            registrar = self.secretaries[int(rnd() * len(self.secretaries))]
            t0 = d * 1440 + sec // 60
            rows.add("incoming_events", doc_id, "登记", registrar, received, "")
            had = rows.count["incoming_instructions"], rows.count["incoming_assignments"]
            s = self.handle(doc_id, t0, year, title, org, topic, reading, deadline, registrar)
            step = _stage(s, reading, rows.count["incoming_instructions"] > had[0],
                          rows.count["incoming_assignments"] > had[1])
            docs.append((
                doc_id, year, seq, received, sender, docno, title, dtype, secrecy, urgency, copies, pages,
                iso[deadline] if deadline is not None else None, reading, s["reviewed_at"],
                s["reviewed_by"], s["proposal"], s["proposed_by"], s["proposed_at"], s["result"],
                s["completed_on"], s["archived_on"], s["volume"], s["item"], "", step,
                s["cancelled_at"], s["reason"], registrar, received,
                received if s["last"] == t0 else self.ts(s["last"]),
            ))
            bg = title_bg.get(title)
            if bg is None:
                bg = title_bg[title] = bigram_body(title)
            body = (bigram_body(number(year, seq)), bg, sender_bg, bigram_body(docno))
            fts.append((doc_id, " ".join(x for x in body if x)))
            if len(docs) >= BATCH or doc_id == self.total:
                writer.put([(_insert_sql("incoming_documents", INCOMING_COLS), docs), *rows.take(),
                            ("INSERT INTO incoming_search (rowid, body) VALUES (?, ?)", fts)])
                docs, fts = [], []
                self.progress.report(doc_id, self.total, "收文")
        self.summary.incoming_documents = self.total
        for table, n in self.rows.count.items():
            setattr(self.summary, table, n)

    def handle(self, doc_id, t0, year, title, org, topic, reading, deadline, registrar) -> dict:
        """Record each step that has happened by the simulated "now"; the state as a dict."""
        rnd, later, ts, cut, add = self.rng.random, self.later, self.ts, self.cut, self.rows.add
        iso, workdays, pos = self.cal.iso, self.cal.workdays, self.cal.pos
        director, president = self.director, self.leaders[0]
        s = dict(_BLANK, last=t0)
        if rnd() < 0.003:  # 作废: registered twice, not ours, withdrawn
            t = later(t0, 0, 2)
            if t <= cut:
                s.update(cancelled_at=ts(t), step="作废", last=t, reason=_pick(rnd, W.CANCEL_REASONS))
                add("incoming_events", doc_id, "作废", registrar, s["cancelled_at"], s["reason"])
            return s
        # 初审 and 拟办
        t = later(t0, 0, 1)
        if t > cut:
            return s
        s.update(reviewed_at=ts(t), reviewed_by=registrar, step="初审", last=t)
        add("incoming_events", doc_id, "初审", registrar, s["reviewed_at"], "通过")
        t = later(t, 0, 1)
        if t > cut:
            return s
        sender, short, upper = org[:3]
        _topic, lead, pool = topic
        leader = self.leader_for(lead)
        d2 = _pick(rnd, pool)
        proposal = _pick(rnd, W.PROPOSALS_READING if reading else W.PROPOSALS).format(d=lead, d2=d2, l=leader[1])
        s.update(proposal=proposal, proposed_at=ts(t), proposed_by=director, step="拟办", last=t)
        add("incoming_events", doc_id, "拟办", director, s["proposed_at"], "")
        # 批示: the leader in charge, sometimes the president after him
        r = rnd()
        first_instruction = None
        for k in range((r < 0.3) if reading else (0 if r < 0.25 else 1 if r < 0.8 else 2)):
            t = later(t, 0, 3 if k == 0 else 2)
            if t > cut:
                return s
            if reading:
                who, text = leader, _pick(rnd, W.INSTRUCTIONS_READING)
            elif k == 0:
                who, text = leader, _pick(rnd, W.INSTRUCTIONS).format(d=lead, d2=d2)
            else:
                who = president if leader is not president else self.leaders[1]
                text = _pick(rnd, W.INSTRUCTIONS_SECOND).format(l=leader[0])
            ins_id = add("incoming_instructions", doc_id, who[0], text, iso[t // 1440], registrar, ts(t))
            first_instruction = first_instruction or (ins_id, who[0], t // 1440)
            add("incoming_events", doc_id, "批示", registrar, ts(t), who[0])
            s.update(step="批示", last=t)
        # 承办: one lead department, sometimes one or two more
        depts: list[str] = []
        lead_row = None
        if not reading:
            t = later(t, 0, 1)
            if t > cut:
                return s
            depts = [lead]
            r = rnd()
            for _k in range(0 if r < 0.55 else 1 if r < 0.85 else 2):
                other = _pick(rnd, pool)
                if other not in depts:
                    depts.append(other)
            lead_row = len(self.rows.rows["incoming_assignments"])
            for k, dept in enumerate(depts):
                add("incoming_assignments", doc_id, dept, k == 0, "", iso[t // 1440], director)
            add("incoming_events", doc_id, "承办", director, ts(t), "、".join(depts))
            s.update(step="承办", last=t)
        # 传阅: 阅知件 go round the leaders one after another
        if reading:
            readers = [self.leaders[k] for k in sorted(self.rng.sample(range(6), 2 + int(rnd() * 3)))]
        else:
            readers = [] if rnd() >= 0.1 else [president] if leader is president else [leader, president]
        t_back, circulated = t, True
        for k, reader in enumerate(readers):
            handed = later(t_back, 0, 1)
            if handed > cut:
                circulated = False
                break
            t_back = later(handed, 0, 2)
            circulated = t_back <= cut
            add("incoming_circulations", doc_id, reader[0], ts(handed), ts(t_back) if circulated else None)
            if k == 0:
                add("incoming_events", doc_id, "传阅", registrar, ts(handed), "、".join(x[0] for x in readers))
                s.update(step="传阅", last=handed)
            if circulated:
                s["last"] = max(s["last"], t_back)
        # 办结: by the deadline mostly, some late (催办 after the deadline), a few stalled
        done: int | None
        if reading:
            done = later(t_back, 0, 1)
        else:
            done = self._done_day(t // 1440, deadline)
            if deadline is not None and (done is None or done > deadline):
                self._remind(s, doc_id, t, deadline, done, lead, registrar)
            if done is not None:
                done = max(done * 1440 + 480 + int(rnd() * 570), t_back + 10)
        if done is None or done > cut or not circulated:
            if first_instruction and not reading:
                self.sup_candidates.append((doc_id, first_instruction, deadline, None, lead, depts, title))
            return s
        cd = done // 1440
        s.update(completed_on=iso[cd], step="办结", last=max(s["last"], done))
        if reading:
            s["result"] = _pick(rnd, W.RESULTS_READING)
        else:
            s["result"] = _pick(rnd, W.RESULTS).format(s=short)
            if rnd() < 0.6:
                assert lead_row is not None  # set at 承办, which every document but 阅知件 has
                self.rows.set("incoming_assignments", lead_row, 4, _pick(rnd, W.OPINIONS))
            if first_instruction:
                self.sup_candidates.append((doc_id, first_instruction, deadline, cd, lead, depts, title))
            if upper and deadline is not None:
                self.reply_candidates.append((doc_id, cd, sender, topic[0], lead))
        add("incoming_events", doc_id, "办结", registrar, ts(done), "")
        # 归档: a few weeks later, 100 documents to a volume (卷), numbered per year
        ad = workdays[pos[cd] + 5 + int(rnd() * 35)]
        if ad > self.e0:
            return s
        k = self.archived[year] = self.archived.get(year, 0) + 1
        s.update(volume=f"{year}-WS-{(k - 1) // 100 + 1:03d}", item=f"{(k - 1) % 100 + 1:03d}",
                 archived_on=iso[ad], step="归档", last=ad * 1440 + 480 + int(rnd() * 570))
        add("incoming_events", doc_id, "归档", registrar, ts(s["last"]), f"{s['volume']}卷{s['item']}件")
        return s

    def _done_day(self, day: int, deadline: int | None) -> int | None:
        """The day the lead department reports the result (None: stalled)."""
        rnd, workdays, pos = self.rng.random, self.cal.workdays, self.cal.pos
        r = rnd()
        if deadline is None:
            return None if r < 0.003 else workdays[pos[day] + 2 + int(rnd() * 28)]
        if r < 0.006:
            return None
        if r < 0.85:
            pa, pd = pos[day], pos[deadline]
            return day if pd <= pa else workdays[pa + int(rnd() * (pd - pa + 1))]
        return workdays[pos[deadline] + 1 + int(rnd() * 15)]

    def _remind(self, s: dict, doc_id: int, t: int, deadline: int, done, lead: str, registrar: str) -> None:
        """催办: sometimes just before the deadline, then every week after it until done."""
        rnd, workdays, p = self.rng.random, self.cal.workdays, self.cal.pos[deadline]
        marks = ([p - 2] if rnd() < 0.3 else []) + [p + 1, p + 6, p + 11]
        for mark in marks:
            day = workdays[mark]
            if day * 1440 <= t or (done is not None and day >= done) or day * 1440 > self.cut:
                continue
            at = day * 1440 + 480 + int(rnd() * 570)
            who = self.director if rnd() < 0.3 else registrar
            note = W.REMINDER_NOTES[2 if day > deadline else 1].format(d=lead)
            method = _pick(rnd, W.REMINDER_METHODS)
            self.rows.add("incoming_reminders", doc_id, self.ts(at), who, method, note)
            self.rows.add("incoming_events", doc_id, "催办", who, self.ts(at), method)
            s.update(step="催办", last=max(s["last"], at))

    # --- outgoing ---------------------------------------------------------------------

    def _all_topics(self, theme: str | None = None) -> tuple:
        themes = (theme,) if theme else tuple(W.THEMES)
        return tuple(x for th in themes for x in self._topics(th))

    def _staff_of(self, dept: str) -> str:
        people = self.members.get(dept) or [self.director]
        return _pick(self.rng.random, people)

    def outgoing(self) -> None:
        from desktop.services.demo_outgoing import generate  # 发文 has its own module

        n = generate(self, self.cur, max(1, round(OUTGOING_PER_YEAR * self.scale * self.years)))
        self.summary.outgoing_documents = n
        self.progress.report(n, n, "发文")

    # --- supervision ------------------------------------------------------------------

    def supervision(self) -> None:
        demo_supervision.generate(self)  # its own module: items, 进展, 催办, 延期, 审结 …


class _StageView(NamedTuple):
    """What incoming.steps.derive_step reads of a document, from the generator's state."""

    cancelled_at: str | None
    archived_on: str | None
    completed_on: str | None
    assignments: bool
    instructions: bool
    for_reading_only: bool
    proposal: str
    reviewed_at: str | None


def _stage(s: dict, reading: bool, instructed: bool, assigned: bool) -> str:
    """The stored stage, by services.incoming.steps' own rule, as the row is built (the
    UPDATE of every row after the load it replaces took ~3 s at 200,000 documents)."""
    view = _StageView(s["cancelled_at"], s["archived_on"], s["completed_on"], assigned, instructed, reading,
                      s["proposal"], s["reviewed_at"])
    return derive_step(cast("IncomingDocument", view))


def _tidy(title: str) -> str:
    """保密工作 + 工作方案 reads 保密工作方案, not 保密工作工作方案."""
    for word in ("工作", "管理", "培训", "宣传", "统计"):
        title = title.replace(word + word, word)
    return title


def _cum(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
