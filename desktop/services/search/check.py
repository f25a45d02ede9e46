"""verify's search-index check: every kind's index holds, for every record, exactly what
services.search.bodies would write now, and nothing for records that do not exist."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.services.search.bodies import CHUNK, all_bodies, driver
from desktop.services.search.kinds import KINDS, KINDS_ORDER

if TYPE_CHECKING:
    from desktop.services.verify import VerifyReport

LISTED = 10
# What a stale row no longer agrees with, in the office's words.
_STALE = {"incoming": "标题、单位、文号或附件文字", "outgoing": "字号、标题、主送、正文或附件文字",
          "supervision": "事项、批示、进展或附件文字", "duty": "日志文字"}


def check_index(session: Session, report: VerifyReport) -> None:
    from desktop.services.verify import INDEX

    conn = driver(session)
    for key in KINDS_ORDER:
        kind = KINDS[key]
        for rows in all_bodies(conn, kind, CHUNK):
            found = dict(conn.execute(f"SELECT rowid, body FROM {kind.index} WHERE rowid BETWEEN ? AND ?",
                                      (rows[0][0], rows[-1][0])).fetchall())
            for record_id, number, body in rows:
                label = f"{kind.name} {number or f'（id {record_id}）'}"
                if record_id not in found:
                    report.add(INDEX, f"{label} 不在搜索索引中（搜索找不到它）。")
                elif found[record_id] != body:
                    report.add(INDEX, f"{label} 的搜索索引已过时（与其{_STALE[key]}不符）。")
        extra = [r for (r,) in conn.execute(
            f"SELECT rowid FROM {kind.index} WHERE rowid NOT IN (SELECT id FROM {kind.table}) ORDER BY rowid")]
        if extra:
            listed = "、".join(str(r) for r in extra[:LISTED]) + (" 等" if len(extra) > LISTED else "")
            noun = "文件" if key in ("incoming", "outgoing") else "记录"
            report.add(INDEX, f"搜索索引中有 {len(extra)} 条不存在的{kind.name}（id {listed}），搜索会找到已不存在的{noun}。")
