"""The 图表 tab's rollups of 收文 and 发文 (db.stats_rollup: what they count, the triggers keeping them)."""
from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class IncomingMonthCount(Base):
    """收文 not 作废 per month of receipt and 密级."""

    __tablename__ = "stats_incoming_months"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM of received_at
    secrecy: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, server_default="0")


class IncomingDoneCount(Base):
    """收文 not 作废 and 办结, per 办结 day, day of receipt and 密级."""

    __tablename__ = "stats_incoming_done"
    completed_on: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    received_on: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD of received_at
    secrecy: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, server_default="0")
    with_deadline: Mapped[int] = mapped_column(Integer, server_default="0")  # with a 办理时限
    within_deadline: Mapped[int] = mapped_column(Integer, server_default="0")  # 办结 by it


class OutgoingMonthCount(Base):
    """发文 签发 and not 作废, per month of 签发 and 密级."""

    __tablename__ = "stats_outgoing_months"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM of signed_on
    secrecy: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, server_default="0")
