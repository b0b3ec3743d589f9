"""Legal identifiers and phone numbers as Vietnamese law writes them (shared docs/domain.md)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
MOBILE_RE = re.compile(r"^0[35789]\d{8}$")
_SEPARATORS = re.compile(r"[\s.\-]")
# Since 1 July 2025 household businesses use the owner's 12-digit personal ID instead of a tax code.
PERSONAL_ID_KINDS = frozenset({"household_business"})


def normalize_legal_id(value: str) -> str:
    """Digits only: '0314409058-002' → '0314409058002'."""
    return _SEPARATORS.sub("", value or "")


def format_legal_id(value: str) -> str:
    """The written form: a 13-digit branch code gets its hyphen back."""
    return f"{value[:10]}-{value[10:]}" if len(value) == 13 else value


def tax_code_check_digit(first_nine: str) -> int | None:
    """The check digit of a 10-digit tax code, or None when the code cannot be valid (c = 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - (total % 11)
    return None if check == 10 else check


def is_valid_tax_code(value: str) -> bool:
    """10-digit tax code, or 13 digits = tax code + branch suffix 001–999."""
    value = normalize_legal_id(value)
    if not value.isdigit() or len(value) not in (10, 13):
        return False
    if len(value) == 13 and value[10:] == "000":
        return False
    return tax_code_check_digit(value[:9]) == int(value[9])


def is_valid_personal_id(value: str) -> bool:
    """12-digit personal identification number (CCCD): 3-digit province code 001–096, then 9 digits."""
    value = normalize_legal_id(value)
    return value.isdigit() and len(value) == 12 and 1 <= int(value[:3]) <= 96


def validate_legal_id(value: str, *, kind: str) -> str:
    """Return the normalised identifier for a member of this kind, or raise ValidationError."""
    normalized = normalize_legal_id(value)
    if not normalized.isdigit():
        raise ValidationError(_("A legal identifier has digits only (a branch code may be written 0314409058-002)."), code="digits")
    if len(normalized) == 12:
        if kind not in PERSONAL_ID_KINDS:
            raise ValidationError(_("A 12-digit personal ID is accepted only for household businesses; enter the tax code."), code="personal_id_kind")
        if not is_valid_personal_id(normalized):
            raise ValidationError(_("This is not a valid 12-digit personal identification number."), code="personal_id")
        return normalized
    if len(normalized) not in (10, 13):
        raise ValidationError(_("A legal identifier has 10 digits (tax code), 13 digits (branch code) or 12 digits (personal ID of a household business)."), code="length")
    if not is_valid_tax_code(normalized):
        raise ValidationError(_("This tax code's check digit does not match; please check the number."), code="check_digit")
    return normalized


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(_("Enter a 10-digit mobile number starting with 03, 05, 07, 08 or 09."), code="mobile")


def normalize_mobile(value: str) -> str:
    """'+84 912 345 678' or '0912.345.678' → '0912345678'."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits
