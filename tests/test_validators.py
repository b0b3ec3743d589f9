import pytest
from django.core.exceptions import ValidationError

from members.models import MemberKind
from members.validators import (
    format_legal_id,
    is_valid_tax_code,
    normalize_mobile,
    validate_legal_id,
    validate_mobile,
)


@pytest.mark.parametrize("code", ["0100233488", "0314409058", "0100112437", "0312687878"])
def test_published_tax_codes_are_valid(code):
    assert is_valid_tax_code(code)
    assert validate_legal_id(code, kind=MemberKind.ENTERPRISE) == code


def test_a_wrong_check_digit_is_refused_with_a_clear_message():
    assert not is_valid_tax_code("0100233480")
    with pytest.raises(ValidationError) as error:
        validate_legal_id("0100233480", kind=MemberKind.ENTERPRISE)
    assert error.value.code == "check_digit"


def test_a_branch_code_is_valid_written_with_or_without_its_hyphen():
    assert validate_legal_id("0314409058-002", kind=MemberKind.ENTERPRISE) == "0314409058002"
    assert validate_legal_id("0314409058002", kind=MemberKind.COOPERATIVE) == "0314409058002"
    assert format_legal_id("0314409058002") == "0314409058-002"


@pytest.mark.parametrize("code", ["0314409058-000", "0100233480-002"])
def test_a_branch_code_needs_a_valid_parent_and_a_suffix_from_001(code):
    with pytest.raises(ValidationError):
        validate_legal_id(code, kind=MemberKind.ENTERPRISE)


def test_a_personal_id_is_valid_for_a_household_business_only():
    assert validate_legal_id("095185012345", kind=MemberKind.HOUSEHOLD_BUSINESS) == "095185012345"
    with pytest.raises(ValidationError) as error:
        validate_legal_id("095185012345", kind=MemberKind.ENTERPRISE)
    assert error.value.code == "personal_id_kind"


@pytest.mark.parametrize("value", ["", "abc", "01002334", "01002334881", "000185012345", "0100 2334 88x", "<script>"])
def test_malformed_identifiers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_legal_id(value, kind=MemberKind.HOUSEHOLD_BUSINESS)


@pytest.mark.parametrize("phone", ["0912345678", "0387654321", "0521234567", "0701234567", "0812345678"])
def test_mobile_numbers(phone):
    validate_mobile(phone)


@pytest.mark.parametrize("phone", ["0212345678", "091234567", "09123456789", "+84912345678", "0912 345 678", ""])
def test_malformed_mobile_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_mobile(phone)


def test_mobile_numbers_are_normalised_from_the_international_form():
    assert normalize_mobile("+84 912 345 678") == "0912345678"
    assert normalize_mobile("0912.345.678") == "0912345678"
