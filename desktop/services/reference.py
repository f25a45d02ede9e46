"""Shared reference data: 科室, 人员 and 单位, the lists every form completes from.

Rows are never deleted, because old documents name them; they are 停用 instead.
Names are what users type, so each list keeps them unique, and the spreadsheet
import matches on them: an existing name is updated, a new one is created.
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import case, literal, select
from sqlalchemy.orm import Session

from db.models import Department, Organisation, Staff
from desktop.services.errors import NotFoundError, ServiceError

DEPARTMENT_KINDS = ("职能", "临床", "医技", "院领导")
ORGANISATION_LEVELS = ("上级", "平级", "下级", "院内")
ROLES = ("院领导", "签发人", "带班领导", "总值班", "文书")
KINDS = ("departments", "staff", "organisations")

_SPLIT = re.compile(r"[,，、;；\s]+")
_PHONE = re.compile(r"\d[\d-]{5,18}\d")  # 7 to 20 characters, digits and dashes
_NOT_IN_CODE = re.compile(r"[\d〔〕【】\[\]［］()（）号]")
MAX_LISTED_ERRORS = 30


@dataclass(frozen=True)
class DepartmentRow:
    id: int | None = None
    name: str = ""
    kind: str = "职能"
    phone: str = ""
    sort_order: int = 0
    active: bool = True


@dataclass(frozen=True)
class StaffRow:
    id: int | None = None
    name: str = ""
    department: str = ""  # 科室名称; empty for none
    title: str = ""
    phone: str = ""
    roles: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class OrganisationRow:
    id: int | None = None
    name: str = ""
    short_name: str = ""
    level: str = "上级"
    doc_codes: tuple[str, ...] = ()  # 代字, e.g. ("湘卫发", "湘卫函")
    active: bool = True


class ImportCounts(NamedTuple):
    created: int
    updated: int


def split_list(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'湘卫发，湘卫函、湘卫办' or a sequence -> its distinct non-empty items, in order."""
    if value is None:
        return ()
    items = _SPLIT.split(value) if isinstance(value, str) else [str(v) for v in value]
    return tuple(dict.fromkeys(i.strip() for i in items if i and i.strip()))


# --- reading -------------------------------------------------------------------------


def _department_row(d: Department) -> DepartmentRow:
    return DepartmentRow(d.id, d.name, d.kind, d.phone, d.sort_order, d.active)


def _staff_row(s: Staff, department: str | None) -> StaffRow:
    return StaffRow(s.id, s.name, department or "", s.title, s.phone, split_list(s.roles), s.active)


def _organisation_row(o: Organisation) -> OrganisationRow:
    return OrganisationRow(o.id, o.name, o.short_name, o.level, split_list(o.doc_codes), o.active)


def list_departments(session: Session, include_inactive: bool = False) -> list[DepartmentRow]:
    query = select(Department).order_by(Department.sort_order, Department.id)
    if not include_inactive:
        query = query.where(Department.active)
    return [_department_row(d) for d in session.scalars(query)]


def _staff_query(include_inactive: bool):
    query = (
        select(Staff, Department.name)
        .outerjoin(Department, Staff.department_id == Department.id)
        .order_by(Department.sort_order, Department.id, Staff.id)
    )
    return query if include_inactive else query.where(Staff.active)


def list_staff(session: Session, include_inactive: bool = False) -> list[StaffRow]:
    return [_staff_row(s, dept) for s, dept in session.execute(_staff_query(include_inactive))]


def list_organisations(session: Session, include_inactive: bool = False) -> list[OrganisationRow]:
    level_order = case({lvl: i for i, lvl in enumerate(ORGANISATION_LEVELS)},
                       value=Organisation.level, else_=len(ORGANISATION_LEVELS))
    query = select(Organisation).order_by(level_order, Organisation.id)
    if not include_inactive:
        query = query.where(Organisation.active)
    return [_organisation_row(o) for o in session.scalars(query)]


def department_names(session: Session) -> list[str]:
    return [row.name for row in list_departments(session)]


def staff_names(session: Session, role: str | None = None) -> list[str]:
    """Active people, optionally only those with ``role`` (e.g. 签发人), for completion."""
    query = _staff_query(include_inactive=False).with_only_columns(Staff.name)
    if role is not None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        query = query.where((literal(",") + Staff.roles + literal(",")).contains(f",{role},"))
    return list(session.scalars(query))


def organisation_names(session: Session) -> list[str]:
    return [row.name for row in list_organisations(session)]


# --- field rules ---------------------------------------------------------------------


def _text(value: Any, label: str, field: str, limit: int, *, required: bool = False) -> str:
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise ServiceError(f"请填写{label}。", field=field)
    if len(text) > limit:
        raise ServiceError(f"{label}不能超过 {limit} 个字。", field=field)
    return text


def _choice(value: Any, allowed: tuple[str, ...], label: str, field: str) -> str:
    text = str(value or "").strip() or allowed[0]
    if text not in allowed:
        raise ServiceError(f"{label}“{text}”不可用，须为：{'、'.join(allowed)}。", field=field)
    return text


def _phone(value: Any) -> str:
    # NFKC turns full-width digits and dashes typed with a Chinese IME into ASCII ones.
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if text and not _PHONE.fullmatch(text):
        raise ServiceError(f"电话“{text}”格式不对：只能是数字和短横线，7 到 20 位，"
                           "如 0731-84822000。", field="phone")
    return text


def _sort_order(value: Any) -> int:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        return 0
    if not re.fullmatch(r"\d{1,5}", text):
        raise ServiceError(f"排序“{text}”须为 0 到 99999 的整数。", field="sort_order")
    return int(text)


def _roles(value: Any) -> tuple[str, ...]:
    given = split_list(value)
    for role in given:
        if role not in ROLES:
            raise ServiceError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}。", field="roles")
    return tuple(r for r in ROLES if r in given)


def _doc_codes(value: Any) -> tuple[str, ...]:
    codes = split_list(value)
    for code in codes:
        if _NOT_IN_CODE.search(code) or len(code) > 20:
            raise ServiceError(f"代字“{code}”不对：只写发文机关代字，如“湘卫发”，"
                               "不含年份、括号和序号。", field="doc_codes")
    if len(",".join(codes)) > 200:
        raise ServiceError("代字太多（合计不能超过 200 个字）。", field="doc_codes")
    return codes


def _check_unique(session: Session, model: Any, name: str, own_id: int | None, what: str) -> None:
    other = session.scalar(select(model.id).where(model.name == name).limit(1))
    if other is not None and other != own_id:
        raise ServiceError(f"{what}“{name}”已存在。", field="name")


def _code_owners(session: Session, exclude: set[int | None]) -> dict[str, str]:
    """代字 -> name of the active organisation that uses it (a 代字 names one sender)."""
    owners: dict[str, str] = {}
    rows = session.execute(select(Organisation.id, Organisation.name, Organisation.doc_codes)
                           .where(Organisation.active))
    for org_id, name, codes in rows:
        if org_id not in exclude:
            owners.update((code, name) for code in split_list(codes))
    return owners


def _check_codes(codes: Iterable[str], owners: Mapping[str, str]) -> None:
    for code in codes:
        if code in owners:
            raise ServiceError(f"代字“{code}”已属于单位“{owners[code]}”。", field="doc_codes")


def clean_department(session: Session, row: DepartmentRow) -> DepartmentRow:
    """The row as it will be stored, or ServiceError naming the first bad field."""
    name = _text(row.name, "科室名称", "name", 100, required=True)
    _check_unique(session, Department, name, row.id, "科室名称")
    return replace(row, name=name, kind=_choice(row.kind, DEPARTMENT_KINDS, "类别", "kind"),
                   phone=_phone(row.phone), sort_order=_sort_order(row.sort_order))


def clean_staff(session: Session, row: StaffRow) -> StaffRow:
    name = _text(row.name, "姓名", "name", 50, required=True)
    # Documents record people by name, so two people may not share one: "张伟（内科）".
    other = session.scalar(select(Staff.id).where(Staff.name == name).limit(1))
    if other is not None and other != row.id:
        raise ServiceError(f"人员“{name}”已存在；同名的人请加以区分，如“{name}（内科）”。",
                           field="name")
    department = _text(row.department, "科室", "department", 100)
    if department:
        dept = session.scalar(select(Department).where(Department.name == department))
        if dept is None:
            raise ServiceError(f"科室“{department}”不存在，请先在“科室”页添加。",
                               field="department")
        stored = session.get(Staff, row.id) if row.id is not None else None
        unchanged = stored is not None and stored.department_id == dept.id
        if not dept.active and not unchanged:
            raise ServiceError(f"科室“{department}”已停用。", field="department")
    return replace(row, name=name, department=department,
                   title=_text(row.title, "职务", "title", 50),
                   phone=_phone(row.phone), roles=_roles(row.roles))


def clean_organisation(session: Session, row: OrganisationRow,
                       owners: Mapping[str, str] | None = None) -> OrganisationRow:
    name = _text(row.name, "单位名称", "name", 200, required=True)
    _check_unique(session, Organisation, name, row.id, "单位名称")
    codes = _doc_codes(row.doc_codes)
    if row.active:
        _check_codes(codes, _code_owners(session, {row.id}) if owners is None else owners)
    return replace(row, name=name, short_name=_text(row.short_name, "简称", "short_name", 50),
                   level=_choice(row.level, ORGANISATION_LEVELS, "级别", "level"), doc_codes=codes)


# --- writing -------------------------------------------------------------------------


def _get(session: Session, model: Any, obj_id: int) -> Any:
    obj = session.get(model, obj_id)
    if obj is None:
        raise NotFoundError("要修改的记录已不存在，请关闭窗口后重新打开。")
    return obj


def _write_department(session: Session, row: DepartmentRow) -> int:
    obj = _get(session, Department, row.id) if row.id is not None else Department()
    obj.name, obj.kind, obj.phone = row.name, row.kind, row.phone
    obj.sort_order, obj.active = row.sort_order, row.active
    session.add(obj)
    session.flush()
    return obj.id


def _write_staff(session: Session, row: StaffRow) -> int:
    obj = _get(session, Staff, row.id) if row.id is not None else Staff()
    obj.name, obj.title, obj.phone, obj.active = row.name, row.title, row.phone, row.active
    obj.roles = ",".join(row.roles)
    obj.department_id = (session.scalar(select(Department.id).where(Department.name == row.department))
                         if row.department else None)
    session.add(obj)
    session.flush()
    return obj.id


def _write_organisation(session: Session, row: OrganisationRow) -> int:
    obj = _get(session, Organisation, row.id) if row.id is not None else Organisation()
    obj.name, obj.short_name, obj.level = row.name, row.short_name, row.level
    obj.doc_codes, obj.active = ",".join(row.doc_codes), row.active
    session.add(obj)
    session.flush()
    return obj.id


def _load_department(session: Session, obj_id: int) -> DepartmentRow:
    return _department_row(_get(session, Department, obj_id))


def _load_staff(session: Session, obj_id: int) -> StaffRow:
    obj = _get(session, Staff, obj_id)
    return _staff_row(obj, obj.department.name if obj.department else None)


def _load_organisation(session: Session, obj_id: int) -> OrganisationRow:
    return _organisation_row(_get(session, Organisation, obj_id))


def _merged(session: Session, row_type: type, load: Callable[[Session, int], Any], data: Any) -> Any:
    """A whole row as given, or the stored row (new: the defaults) with ``data``'s fields over it."""
    if isinstance(data, row_type):
        return data
    fields = dict(data)
    obj_id = fields.get("id")
    base = load(session, obj_id) if obj_id is not None else row_type()
    return replace(base, **fields)


def save_department(session: Session, data: DepartmentRow | Mapping[str, Any]) -> int:
    """Create (id None) or update a 科室; a mapping changes only the fields it names. Returns the id."""
    row = clean_department(session, _merged(session, DepartmentRow, _load_department, data))
    return _write_department(session, row)


def save_staff(session: Session, data: StaffRow | Mapping[str, Any]) -> int:
    row = clean_staff(session, _merged(session, StaffRow, _load_staff, data))
    return _write_staff(session, row)


def save_organisation(session: Session, data: OrganisationRow | Mapping[str, Any]) -> int:
    row = clean_organisation(session, _merged(session, OrganisationRow, _load_organisation, data))
    return _write_organisation(session, row)


def set_active(session: Session, kind: str, obj_id: int, active: bool) -> None:
    """停用 / 启用: the only way a row leaves the lists (nothing is ever deleted)."""
    model = {"departments": Department, "staff": Staff, "organisations": Organisation}[kind]
    obj = _get(session, model, obj_id)
    if active and not obj.active and model is Organisation:
        _check_codes(split_list(obj.doc_codes), _code_owners(session, {obj_id}))
    obj.active = active
    session.flush()


# --- spreadsheet import --------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    key: str  # the name column's header
    columns: Mapping[str, str]  # header -> field
    row_type: type
    listing: Callable[..., list]
    clean: Callable[[Session, Any], Any]
    write: Callable[[Session, Any], int]


_SHEETS = {
    "departments": _Sheet("科室名称", {"科室名称": "name", "类别": "kind", "电话": "phone",
                                      "排序": "sort_order"},
                          DepartmentRow, list_departments, clean_department, _write_department),
    "staff": _Sheet("姓名", {"姓名": "name", "科室": "department", "职务": "title", "电话": "phone",
                            "角色": "roles"},
                    StaffRow, list_staff, clean_staff, _write_staff),
    "organisations": _Sheet("单位名称", {"单位名称": "name", "简称": "short_name", "级别": "level",
                                        "代字": "doc_codes"},
                            OrganisationRow, list_organisations, clean_organisation,
                            _write_organisation),
}


def import_headers(kind: str) -> tuple[str, ...]:
    """The column headers the import expects for ``kind``, in order."""
    return tuple(_SHEETS[kind].columns)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # numbers typed into Excel cells: 13800000000.0, 3.0
    return str(value).strip()


def _header(value: Any) -> str:
    return re.sub(r"[\s*＊]", "", _cell_text(value))


def _read_rows(path: Path, sheet: _Sheet) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    """(header -> column index, [(Excel row number, values)]) from the first sheet that has
    the key header in one of its first ten rows."""
    import openpyxl  # heavy; only the import needs it

    if path.suffix.lower() == ".xls":
        raise ServiceError(f"“{path.name}”是旧版 Excel（.xls）文件，请用 Excel 或 WPS "
                           "另存为 .xlsx 后再导入。")
    if not path.is_file():
        raise ServiceError(f"找不到文件“{path}”。")
    try:
        with warnings.catch_warnings():  # files saved by WPS warn about styles openpyxl skips
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                for ws in book.worksheets:
                    rows = list(ws.iter_rows(values_only=True))
                    for i, values in enumerate(rows[:10]):
                        headers = {_header(v): col for col, v in enumerate(values)}
                        if sheet.key in headers:
                            return headers, [(i + 2 + n, r) for n, r in enumerate(rows[i + 1:])]
            finally:
                book.close()
    except ServiceError:
        raise
    except Exception as exc:  # any failure to parse means the file is not a usable .xlsx
        raise ServiceError(f"无法读取“{path.name}”：它不是有效的 Excel（.xlsx）文件。") from exc
    raise ServiceError(f"“{path.name}”中没有找到表头“{sheet.key}”。第一行应为："
                       f"{'、'.join(sheet.columns)}。")


def _import_failure(errors: list[str]) -> ServiceError:
    shown = errors[:MAX_LISTED_ERRORS]
    more = len(errors) - len(shown)
    tail = [f"……另有 {more} 行有问题。"] if more else []
    return ServiceError("导入失败，没有导入任何数据。请改正以下各行后重新导入：\n"
                        + "\n".join(shown + tail))


def import_reference_xlsx(session: Session, path: Path | str, kind: str) -> ImportCounts:
    """Import 科室 / 人员 / 单位 from an .xlsx with Chinese headers, all or nothing.

    An existing name is updated, a new one created; an empty cell keeps the stored value.
    Every bad row is reported with its Excel row number and then nothing is written.
    """
    if kind not in _SHEETS:
        raise ValueError(f"unknown reference kind {kind!r}")
    sheet = _SHEETS[kind]
    headers, rows = _read_rows(Path(path), sheet)
    columns = {field: headers[h] for h, field in sheet.columns.items() if h in headers}
    table = [(number, {f: _cell_text(values[c]) if c < len(values) else "" for f, c in columns.items()})
             for number, values in rows]
    table = [(number, cells) for number, cells in table if any(cells.values())]
    existing = {row.name: row for row in sheet.listing(session, include_inactive=True)}
    owners = None
    if kind == "organisations":  # codes of organisations the file rewrites are free to move
        rewritten = {existing[c["name"]].id for _, c in table if c.get("name") in existing}
        owners = _code_owners(session, rewritten)
    seen: dict[str, int] = {}
    planned, errors = [], []
    for number, cells in table:
        try:
            planned.append(_import_row(session, sheet, cells, existing, seen, number, owners))
        except ServiceError as exc:
            errors.append(f"第 {number} 行：{exc.message}")
    if errors:
        raise _import_failure(errors)
    if not planned:
        raise ServiceError(f"“{Path(path).name}”中没有可导入的数据行。")
    for row in planned:
        sheet.write(session, row)
    updated = sum(1 for row in planned if row.id is not None)
    return ImportCounts(created=len(planned) - updated, updated=updated)


def _import_row(session: Session, sheet: _Sheet, cells: dict[str, str], existing: dict[str, Any],
                seen: dict[str, int], number: int, owners: dict[str, str] | None) -> Any:
    name = cells.get("name", "")
    if not name:
        raise ServiceError(f"{sheet.key}为空。")
    if name in seen:
        raise ServiceError(f"{sheet.key}“{name}”与第 {seen[name]} 行重复。")
    seen[name] = number
    given = {f: v for f, v in cells.items() if v}
    row = replace(existing.get(name) or sheet.row_type(), **given)
    if owners is None:
        return sheet.clean(session, row)
    row = clean_organisation(session, row, owners)
    if row.active:
        owners.update((code, row.name) for code in row.doc_codes)
    return row
