"""Bulk import: the whole file is checked first; errors per row; nothing saved until it is clean."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product, ProductStatus
from portal.models import ImportStatus, ListingImport

pytestmark = pytest.mark.django_db

HEADER = "Tên sản phẩm,Danh mục,Giá (VND),Đơn vị,Tồn kho,Xã/phường,Vùng sản xuất,Mô tả,GTIN\n"
ROWS = [
    "Muối hạt Đông Hải,gia-vi,25.000,túi 1 kg,120,Long Điền,mặn,Muối phơi cát,",
    "Tôm khô Gành Hào,Thực phẩm chế biến,450000,hộp 500 g,30,Xã Long Điền,lợ,,8930000000019",
    "Gạo ST25 Một Bụi,nong-san-so-che,35000,kg,0,31843,ngọt,,",
]


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed letters where the code page has them, else base + combining tone mark."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, rest = decomposed[0], ""
        for mark in decomposed[1:]:
            joined = unicodedata.normalize("NFC", base + mark)
            try:
                joined.encode("cp1258")
                base = joined
            except UnicodeEncodeError:
                rest += mark
        marks = rest
        out += base.encode("cp1258") + marks.encode("cp1258")
    return out


def _post_file(client, member, name: str, data: bytes):
    return client.post(reverse("portal:import_upload"), {"member": member.pk, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_a_clean_csv_in_each_encoding_imports_every_row_as_a_draft(client, approved_member, encoding):
    owner, member = approved_member()
    client.force_login(owner)
    text = HEADER + "\n".join(ROWS) + "\n"
    data = to_windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":
        assert data != text.encode("utf-8")  # really a different byte encoding
    response = _post_file(client, member, "san-pham.csv", data)
    record = ListingImport.objects.get()
    assert record.status == ImportStatus.READY, record.errors
    assert response["Location"] == reverse("portal:import_detail", args=[record.pk])
    assert not Product.objects.exists()  # nothing saved before the member confirms
    client.post(reverse("portal:import_detail", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE and record.processed_rows == 3
    names = set(Product.objects.filter(member=member, status=ProductStatus.DRAFT).values_list("name", flat=True))
    assert names == {"Muối hạt Đông Hải", "Tôm khô Gành Hào", "Gạo ST25 Một Bụi"}
    assert Product.objects.get(name="Muối hạt Đông Hải").price == 25000


def test_an_xlsx_file_imports(client, approved_member):
    from openpyxl import Workbook

    owner, member = approved_member()
    client.force_login(owner)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Nước mắm cá linh", "Gia vị", 60000, "chai 500 ml", 12, "Long Điền", "ngọt", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _post_file(client, member, "san-pham.xlsx", buffer.getvalue())
    record = ListingImport.objects.get()
    assert record.status == ImportStatus.READY, record.errors
    client.post(reverse("portal:import_detail", args=[record.pk]))
    assert Product.objects.get(member=member).price == 60000


def test_row_errors_are_all_shown_and_nothing_is_saved(client, approved_member):
    owner, member = approved_member()
    client.force_login(owner)
    bad = [
        "Muối hạt,gia-vi,không biết,túi,1,Long Điền,mặn,,",        # price
        ",gia-vi,1000,túi,1,Long Điền,mặn,,",                       # name
        "Muối tôm,nhom-la,1000,túi,1,Hà Nội,biển,,12",               # category, commune, zone, gtin
        "Muối hạt,gia-vi,1000,túi,1,Long Điền,mặn,,",               # same name as row 2
        "<script>alert(1)</script>,gia-vi,1000,túi,1,Long Điền,mặn,,",  # fine as text
    ]
    _post_file(client, member, "loi.csv", (HEADER + "\n".join(bad)).encode())
    record = ListingImport.objects.get()
    assert record.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]) for e in record.errors}
    assert {(2, "price"), (3, "name"), (4, "category"), (4, "commune"), (4, "zone"), (4, "gtin"), (5, "name")} <= found
    assert not any(e["row"] == 6 for e in record.errors)
    page = client.get(reverse("portal:import_detail", args=[record.pk])).content.decode()
    assert "không biết" not in page or "&lt;" not in page  # values are not echoed raw
    assert client.post(reverse("portal:import_detail", args=[record.pk])).status_code == 200  # no confirm for an invalid file
    assert not Product.objects.exists()


@pytest.mark.parametrize(("name", "data"), [
    ("x.csv", b""),
    ("x.csv", b"foo,bar\n1,2\n"),
    ("x.xlsx", b"PK\x03\x04 this is not a zip"),
    ("x.csv", b"\xff\xfe\x00\x00binary\x00junk"),
])
def test_unreadable_files_get_a_clear_message(client, approved_member, name, data):
    owner, member = approved_member()
    client.force_login(owner)
    response = _post_file(client, member, name, data)
    if response.status_code == 200:  # the form itself refused (an empty file)
        assert response.context["form"].errors
        return
    record = ListingImport.objects.get()
    assert record.status == ImportStatus.INVALID and record.errors[0]["message"]
    assert client.get(reverse("portal:import_detail", args=[record.pk])).status_code == 200


def test_a_large_file_runs_as_a_task_with_progress(client, approved_member, settings, django_capture_on_commit_callbacks):
    settings.CATALOG_IMPORT_SYNC_MAX_ROWS = 10
    owner, member = approved_member()
    client.force_login(owner)
    rows = [f"Sản phẩm số {i},gia-vi,{1000 + i},túi,1,Long Điền,mặn,," for i in range(120)]
    _post_file(client, member, "lon.csv", (HEADER + "\n".join(rows)).encode())
    record = ListingImport.objects.get()
    assert record.status == ImportStatus.READY and record.total_rows == 120
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("portal:import_detail", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.RUNNING and not Product.objects.exists()
    page = client.get(reverse("portal:import_detail", args=[record.pk])).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page
    for callback in callbacks:  # the Celery task (eager in tests) runs after commit
        callback()
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE and record.processed_rows == 120
    assert Product.objects.filter(member=member).count() == 120


def test_another_members_import_is_404_and_templates_download(client, approved_member):
    owner_a, member_a = approved_member()
    owner_b, _ = approved_member(email="b@example.com", legal_id="0314409058", name="Công ty B")
    client.force_login(owner_a)
    _post_file(client, member_a, "a.csv", (HEADER + ROWS[0]).encode())
    record = ListingImport.objects.get()
    client.force_login(owner_b)
    assert client.get(reverse("portal:import_detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("portal:import_detail", args=[record.pk])).status_code == 404
    response = _post_file(client, member_a, "a.csv", (HEADER + ROWS[0]).encode())
    assert response.status_code == 200 and "member" in response.context["form"].errors
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("portal:import_template", args=[fmt])).status_code == 200
