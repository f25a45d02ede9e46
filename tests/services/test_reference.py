"""科室、人员、单位: the rules, without Qt, on a real temporary database."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from db.models import Department, Organisation, Staff
from desktop.services import reference as ref
from desktop.services.errors import ServiceError
from desktop.services.reference import DepartmentRow, OrganisationRow, StaffRow


def _save(store, fn, data):
    with store.write() as s:
        return fn(s, data)


def _error(store, fn, data) -> ServiceError:
    with pytest.raises(ServiceError) as info, store.write() as s:
        fn(s, data)
    return info.value


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    book.save(path)
    return path


@pytest.fixture
def people(store):
    """Two departments and one person."""
    with store.write() as s:
        ref.save_department(s, {"name": "院办", "kind": "职能", "sort_order": 1})
        ref.save_department(s, {"name": "内科", "kind": "临床", "sort_order": 2})
        ref.save_staff(s, {"name": "李明", "department": "院办", "roles": ("院领导", "签发人")})
    return store


# --- 科室 --------------------------------------------------------------------------------


def test_department_created_then_updated_by_id(store):
    dept_id = _save(store, ref.save_department, DepartmentRow(None, " 医务科 ", "职能", "0731-84822000", 3))
    _save(store, ref.save_department, {"id": dept_id, "phone": "84822001"})
    with store.read() as s:
        [row] = ref.list_departments(s)
    assert row == DepartmentRow(dept_id, "医务科", "职能", "84822001", 3, True)


def test_department_name_is_required_and_unique(people):
    assert _error(people, ref.save_department, {"name": "  "}).field == "name"
    err = _error(people, ref.save_department, {"name": "内科"})
    assert (err.field, err.message) == ("name", "科室名称“内科”已存在。")


def test_renaming_a_department_onto_itself_is_allowed(people):
    with people.read() as s:
        dept = next(d for d in ref.list_departments(s) if d.name == "内科")
    _save(people, ref.save_department, {"id": dept.id, "name": "内科", "phone": "1234567"})


def test_department_kind_and_sort_order_are_checked(store):
    assert _error(store, ref.save_department, {"name": "甲", "kind": "后勤"}).field == "kind"
    assert _error(store, ref.save_department, {"name": "甲", "sort_order": "第一"}).field == "sort_order"


@pytest.mark.parametrize("phone", ["123456", "0731 8482", "0731-8482200a", "-84822000", "1" * 21])
def test_bad_phone_is_refused(store, phone):
    err = _error(store, ref.save_department, {"name": "甲", "phone": phone})
    assert err.field == "phone"
    assert "电话" in err.message


def test_full_width_phone_typed_with_an_ime_is_accepted(store):
    dept_id = _save(store, ref.save_department, {"name": "甲", "phone": "０７３１－８４８２２０００"})
    with store.read() as s:
        assert s.get(Department, dept_id).phone == "0731-84822000"


# --- 人员 --------------------------------------------------------------------------------


def test_staff_saved_with_department_and_roles_in_canonical_order(people):
    staff_id = _save(people, ref.save_staff, StaffRow(None, "王芳", "内科", "主任", "13800000000",
                                                     ("总值班", "带班领导")))
    with people.read() as s:
        row = next(r for r in ref.list_staff(s) if r.id == staff_id)
        assert s.get(Staff, staff_id).roles == "带班领导,总值班"
    assert row == StaffRow(staff_id, "王芳", "内科", "主任", "13800000000", ("带班领导", "总值班"), True)


def test_staff_rules(people):
    assert _error(people, ref.save_staff, {"name": ""}).field == "name"
    assert _error(people, ref.save_staff, {"name": "李明"}).field == "name"
    err = _error(people, ref.save_staff, {"name": "赵六", "department": "外星科"})
    assert (err.field, err.message) == ("department", "科室“外星科”不存在，请先在“科室”页添加。")
    assert _error(people, ref.save_staff, {"name": "赵六", "phone": "12"}).field == "phone"
    err = _error(people, ref.save_staff, {"name": "赵六", "roles": "院长"})
    assert err.field == "roles" and "院长" in err.message


def test_staff_roles_accept_a_typed_list(people):
    staff_id = _save(people, ref.save_staff, {"name": "赵六", "roles": "文书，总值班"})
    with people.read() as s:
        assert s.get(Staff, staff_id).roles == "总值班,文书"


def test_a_new_person_cannot_join_an_inactive_department_but_old_members_stay(people):
    with people.write() as s:
        inner = next(d for d in ref.list_departments(s) if d.name == "院办")
        ref.set_active(s, "departments", inner.id, False)
        li = next(r for r in ref.list_staff(s) if r.name == "李明")
    assert _error(people, ref.save_staff, {"name": "赵六", "department": "院办"}).field == "department"
    _save(people, ref.save_staff, {"id": li.id, "title": "副院长"})  # still in 院办


def test_staff_names_by_role_for_completion(people):
    with people.write() as s:
        ref.save_staff(s, {"name": "王芳", "roles": ["总值班"]})
        gone = ref.save_staff(s, {"name": "钱七", "roles": ["签发人"]})
        ref.set_active(s, "staff", gone, False)
        ref.save_staff(s, {"name": "签发人甲", "roles": ["文书"]})  # role text inside a name
    with people.read() as s:
        assert ref.staff_names(s, "签发人") == ["李明"]
        assert ref.staff_names(s, "总值班") == ["王芳"]
        assert set(ref.staff_names(s)) == {"李明", "王芳", "签发人甲"}


# --- 单位 --------------------------------------------------------------------------------


def test_organisation_doc_codes_are_split_on_any_separator(store):
    org_id = _save(store, ref.save_organisation,
                   {"name": "湖南省卫生健康委员会", "short_name": "省卫健委",
                    "doc_codes": "湘卫发，湘卫函、湘卫办 湘卫发,湘卫医"})
    with store.read() as s:
        assert s.get(Organisation, org_id).doc_codes == "湘卫发,湘卫函,湘卫办,湘卫医"
        [row] = ref.list_organisations(s)
    assert row.doc_codes == ("湘卫发", "湘卫函", "湘卫办", "湘卫医")
    assert row.level == "上级"


def test_organisation_rules(store):
    _save(store, ref.save_organisation, OrganisationRow(None, "长沙市卫生健康委员会", doc_codes=("长卫发",)))
    assert _error(store, ref.save_organisation, {"name": "长沙市卫生健康委员会"}).field == "name"
    assert _error(store, ref.save_organisation, {"name": "甲", "level": "顶级"}).field == "level"
    assert _error(store, ref.save_organisation, {"name": "甲", "doc_codes": "湘卫发〔2026〕"}).field == "doc_codes"
    err = _error(store, ref.save_organisation, {"name": "甲", "doc_codes": "长卫发"})
    assert (err.field, err.message) == ("doc_codes", "代字“长卫发”已属于单位“长沙市卫生健康委员会”。")


def test_a_doc_code_moves_once_its_old_owner_is_inactive(store):
    old = _save(store, ref.save_organisation, {"name": "旧单位", "doc_codes": "某卫发"})
    with store.write() as s:
        ref.set_active(s, "organisations", old, False)
        ref.save_organisation(s, {"name": "新单位", "doc_codes": "某卫发"})
    with pytest.raises(ServiceError, match="某卫发"), store.write() as s:
        ref.set_active(s, "organisations", old, True)
    with store.read() as s:
        assert ref.organisation_names(s) == ["新单位"]


# --- no hard delete ----------------------------------------------------------------------


def test_set_active_hides_from_lists_but_keeps_the_row(people):
    with people.write() as s:
        li = ref.list_staff(s)[0]
        ref.set_active(s, "staff", li.id, False)
    with people.read() as s:
        assert ref.list_staff(s) == []
        assert ref.list_staff(s, include_inactive=True)[0].active is False
        assert s.get(Staff, li.id) is not None
    with people.write() as s:
        ref.set_active(s, "staff", li.id, True)
    with people.read() as s:
        assert ref.staff_names(s) == ["李明"]


def test_the_service_offers_no_delete():
    assert not [name for name in dir(ref) if "delete" in name or "remove" in name]


def test_updating_an_id_that_does_not_exist_is_a_clear_error(store):
    err = _error(store, ref.save_department, {"id": 999, "name": "甲"})
    assert "不存在" in err.message


def test_reference_service_imports_no_qt():
    source = Path(ref.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source and "desktop.ui" not in source


# --- Excel import ------------------------------------------------------------------------


def test_import_departments_creates_and_updates(people, tmp_path):
    path = _xlsx(tmp_path / "科室.xlsx", [["科室名称", "类别", "电话", "排序"],
                                          ["内科", "临床", "84822100", 5],
                                          [None, None, None, None],
                                          ["外科", "临床", 84822200, 6.0]])
    with people.write() as s:
        assert ref.import_reference_xlsx(s, path, "departments") == (1, 1)
    with people.read() as s:
        rows = {r.name: r for r in ref.list_departments(s)}
    assert rows["内科"].phone == "84822100" and rows["内科"].sort_order == 5
    assert rows["外科"] == DepartmentRow(rows["外科"].id, "外科", "临床", "84822200", 6, True)
    assert rows["院办"].sort_order == 1  # not in the file: untouched


def test_import_staff_with_a_title_row_above_the_headers(people, tmp_path):
    path = _xlsx(tmp_path / "人员.xlsx", [["人员名单"],
                                          ["姓名", "科室", "职务", "电话", "角色"],
                                          ["王芳", "内科", "主任", "13800000000", "带班领导、总值班"],
                                          ["李明", None, "院长", None, None]])
    with people.write() as s:
        counts = ref.import_reference_xlsx(s, path, "staff")
    assert counts.created == 1 and counts.updated == 1
    with people.read() as s:
        rows = {r.name: r for r in ref.list_staff(s)}
    assert rows["王芳"].roles == ("带班领导", "总值班")
    # Empty cells keep what was stored.
    assert rows["李明"] == StaffRow(rows["李明"].id, "李明", "院办", "院长", "", ("院领导", "签发人"), True)


def test_import_with_bad_rows_writes_nothing_and_names_every_row(people, tmp_path):
    path = _xlsx(tmp_path / "人员.xlsx", [["姓名", "科室", "职务", "电话", "角色"],
                                          ["王芳", "内科", "", "", ""],
                                          ["赵六", "外星科", "", "", ""],
                                          ["钱七", "内科", "", "12", ""],
                                          ["", "内科", "护士长", "", ""],
                                          ["王芳", "院办", "", "", ""],
                                          ["孙八", "内科", "", "", "院长"]])
    with pytest.raises(ServiceError) as info, people.write() as s:
        ref.import_reference_xlsx(s, path, "staff")
    message = info.value.message
    assert message.startswith("导入失败，没有导入任何数据。")
    for line in ("第 3 行：科室“外星科”不存在", "第 4 行：电话“12”格式不对", "第 5 行：姓名为空",
                 "第 6 行：姓名“王芳”与第 2 行重复", "第 7 行：角色“院长”不存在"):
        assert line in message
    assert "第 2 行" not in message.replace("与第 2 行", "")
    with people.read() as s:
        assert ref.staff_names(s) == ["李明"]


def test_import_organisations_lets_the_file_move_a_code(store, tmp_path):
    _save(store, ref.save_organisation, {"name": "甲单位", "doc_codes": "甲发,乙发"})
    path = _xlsx(tmp_path / "单位.xlsx", [["单位名称", "简称", "级别", "代字"],
                                          ["甲单位", "", "", "甲发"],
                                          ["乙单位", "乙", "平级", "乙发"]])
    with store.write() as s:
        # 甲单位's new 代字 cell drops 乙发, so 乙单位 may take it in the same file.
        assert ref.import_reference_xlsx(s, path, "organisations") == (1, 1)
    with store.read() as s:
        rows = {r.name: r for r in ref.list_organisations(s)}
    assert rows["甲单位"].doc_codes == ("甲发",)
    assert rows["乙单位"].doc_codes == ("乙发",) and rows["乙单位"].level == "平级"


def test_import_refuses_a_code_claimed_twice_in_the_file(store, tmp_path):
    path = _xlsx(tmp_path / "单位.xlsx", [["单位名称", "代字"], ["甲", "甲发"], ["乙", "甲发"]])
    with pytest.raises(ServiceError, match="第 3 行：代字“甲发”已属于单位“甲”"), store.write() as s:
        ref.import_reference_xlsx(s, path, "organisations")


def test_import_lists_at_most_thirty_rows(store, tmp_path):
    path = _xlsx(tmp_path / "科室.xlsx", [["科室名称", "类别"]] + [[f"科{i}", "后勤"] for i in range(40)])
    with pytest.raises(ServiceError) as info, store.write() as s:
        ref.import_reference_xlsx(s, path, "departments")
    assert "第 31 行" in info.value.message and "第 32 行" not in info.value.message
    assert "另有 10 行有问题" in info.value.message


def test_import_of_a_file_that_is_not_xlsx(store, tmp_path):
    fake = tmp_path / "名单.xlsx"
    fake.write_text("姓名,科室\n王芳,内科\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="不是有效的 Excel"), store.write() as s:
        ref.import_reference_xlsx(s, fake, "staff")
    old = tmp_path / "名单.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ServiceError, match="另存为 .xlsx"), store.write() as s:
        ref.import_reference_xlsx(s, old, "staff")
    with pytest.raises(ServiceError, match="找不到文件"), store.write() as s:
        ref.import_reference_xlsx(s, tmp_path / "没有.xlsx", "staff")


def test_import_without_the_expected_headers(store, tmp_path):
    path = _xlsx(tmp_path / "x.xlsx", [["名字", "部门"], ["王芳", "内科"]])
    with pytest.raises(ServiceError, match="没有找到表头“姓名”"), store.write() as s:
        ref.import_reference_xlsx(s, path, "staff")
    empty = _xlsx(tmp_path / "y.xlsx", [["科室名称"]])
    with pytest.raises(ServiceError, match="没有可导入的数据行"), store.write() as s:
        ref.import_reference_xlsx(s, empty, "departments")
