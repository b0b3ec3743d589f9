"""Bulk import of listings from XLSX or CSV (UTF-8, UTF-8 with BOM, Windows-1258).

parse_file() turns the file into rows of text; validate_rows() checks every row and returns either clean
values or row-level errors — nothing is saved until the whole file is clean; product_import_rows() then
creates the listings as drafts (the member submits them for review as usual).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Category, Product, Zone
from core.text import fold
from members.models import AdministrativeUnit, Member

# Column keys, with the headers (folded) accepted for each: English and Vietnamese.
COLUMNS = {
    "name": ("name", "ten san pham", "ten"),
    "category": ("category", "danh muc", "nhom"),
    "price": ("price", "gia", "gia vnd", "price vnd"),
    "unit": ("unit", "don vi", "don vi tinh", "quy cach"),
    "stock": ("stock", "ton kho", "so luong"),
    "commune": ("commune", "xa phuong", "commune ward", "dia ban"),
    "zone": ("zone", "vung san xuat", "vung"),
    "description": ("description", "mo ta"),
    "gtin": ("gtin", "ma vach", "barcode"),
}
REQUIRED = ("name", "category", "price", "unit", "commune", "zone")
TEMPLATE_HEADERS = ["Tên sản phẩm", "Danh mục", "Giá (VND)", "Đơn vị", "Tồn kho", "Xã/phường", "Vùng sản xuất", "Mô tả", "GTIN"]
TEMPLATE_EXAMPLE = ["Muối hạt Bạc Liêu 1 kg", "gia-vi", "25000", "túi 1 kg", "120", "Long Điền", "mặn",
                    "Muối hạt phơi cát truyền thống.", ""]
ZONE_WORDS = {
    "saline": Zone.SALINE, "man": Zone.SALINE, "nuoc man": Zone.SALINE,
    "brackish": Zone.BRACKISH, "lo": Zone.BRACKISH, "nuoc lo": Zone.BRACKISH,
    "fresh": Zone.FRESH, "ngot": Zone.FRESH, "nuoc ngot": Zone.FRESH,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is safe to show."""


@dataclass
class ValidationResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"row": n, "column": key, "message": text}

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            # Windows-1258 writes tones as combining marks: compose them so "Muối" matches "Muối".
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1258 text."))


def parse_file(name: str, data: bytes) -> list[list[str]]:
    """All rows (the header first) as lists of stripped strings."""
    if len(data) > settings.CATALOG_IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is too large; split it into files of at most %(mb)s MB.")
                              % {"mb": settings.CATALOG_IMPORT_MAX_BYTES // (1024 * 1024)})
    if data[:4] == b"PK\x03\x04":
        return _parse_xlsx(data)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportFileError(_("This is not a valid XLSX workbook."))
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _parse_xlsx(data: bytes) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("This is not a valid XLSX workbook.")) from exc
    rows = []
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip() for v in values]
            if any(cells):
                rows.append(cells)
            if len(rows) > settings.CATALOG_IMPORT_MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return rows


def _header_map(header: list[str]) -> dict[str, int]:
    lookup = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping = {}
    for index, title in enumerate(header):
        key = lookup.get(fold(title))
        if key and key not in mapping:
            mapping[key] = index
    missing = [key for key in REQUIRED if key not in mapping]
    if missing:
        raise ImportFileError(_("Columns missing from the header row: %(columns)s. Download the sample template.")
                              % {"columns": ", ".join(missing)})
    return mapping


def _int(text: str) -> int | None:
    digits = text.replace(".", "").replace(",", "").replace(" ", "").replace("₫", "").replace("đ", "").replace("VND", "")
    return int(digits) if digits.isdigit() else None


def validate_rows(*, member: Member, rows: list[list[str]]) -> ValidationResult:
    result = ValidationResult()
    if not rows:
        raise ImportFileError(_("The file is empty."))
    mapping = _header_map(rows[0])
    body = rows[1:]
    if not body:
        raise ImportFileError(_("The file has a header but no listings."))
    if len(body) > settings.CATALOG_IMPORT_MAX_ROWS:
        raise ImportFileError(_("At most %(n)s listings per file.") % {"n": settings.CATALOG_IMPORT_MAX_ROWS})

    categories: dict[str, Category] = {}
    for category in Category.objects.filter(parent__isnull=False):
        for key in (category.slug, fold(category.name), fold(category.name_en)):
            categories.setdefault(key, category)
    communes: dict[str, AdministrativeUnit] = {}
    for unit in AdministrativeUnit.objects.communes():
        for key in (unit.code, fold(unit.full_name), fold(unit.name)):
            communes.setdefault(key, unit)
    existing_names = set(Product.objects.filter(member=member).values_list("name", flat=True))
    seen: dict[str, int] = {}

    for offset, raw in enumerate(body):
        line = offset + 2  # spreadsheet row number: the header is row 1

        def cell(key: str, raw=raw) -> str:
            index = mapping.get(key)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        def error(key: str, message: str, line=line) -> None:
            result.errors.append({"row": line, "column": key, "message": message})

        for key in REQUIRED:
            if not cell(key):
                error(key, _("Required."))
        name = cell("name")
        if len(name) > 200:
            error("name", _("At most 200 characters."))
        elif name:
            if name in existing_names:
                error("name", _("You already have a listing with this name."))
            elif name in seen:
                error("name", _("The same name is on row %(row)s.") % {"row": seen[name]})
            seen.setdefault(name, line)
        category = categories.get(cell("category")) or categories.get(fold(cell("category")))
        if cell("category") and category is None:
            error("category", _("Unknown category “%(value)s”: use a sub-group from the template's list.") % {"value": cell("category")})
        price = _int(cell("price"))
        if cell("price") and (price is None or price <= 0 or price > 10**12):
            error("price", _("A price is a whole number of đồng, e.g. 125000."))
        stock = _int(cell("stock")) if cell("stock") else 0
        if stock is None or stock > 10**9:
            error("stock", _("Stock is a whole number, 0 or more."))
        unit = cell("unit")
        if len(unit) > 60:
            error("unit", _("At most 60 characters."))
        commune = communes.get(cell("commune")) or communes.get(fold(cell("commune")))
        if cell("commune") and commune is None:
            error("commune", _("Unknown commune or ward “%(value)s”.") % {"value": cell("commune")})
        zone = ZONE_WORDS.get(fold(cell("zone")))
        if cell("zone") and zone is None:
            error("zone", _("The zone is mặn (saline), lợ (brackish) or ngọt (fresh)."))
        gtin = cell("gtin").replace(" ", "")
        if gtin and not (gtin.isdigit() and 8 <= len(gtin) <= 14):
            error("gtin", _("A GTIN has 8 to 14 digits."))
        description = cell("description")
        if len(description) > 10000:
            error("description", _("At most 10,000 characters."))
        result.rows.append({
            "name": name, "category": category, "price": price, "unit": unit, "stock": stock or 0, "commune": commune,
            "zone": zone, "description": description, "gtin": gtin,
        })
    if result.errors:
        result.rows = []
    return result


def product_import_rows(
    *, member: Member, rows: list[dict], progress: Callable[[int], None] | None = None, batch: int = 50
) -> list[int]:
    """Create validated rows as drafts, a batch per transaction, reporting progress between batches."""
    from catalog.services import product_create

    created: list[int] = []
    for start in range(0, len(rows), batch):
        with transaction.atomic():
            for row in rows[start:start + batch]:
                created.append(product_create(member=member, **row).pk)
        if progress:
            progress(len(created))
    return created
