from core.money import format_vnd
from core.text import fold, slugify_vi


def test_slugs_fold_d_with_stroke():
    assert slugify_vi("Đông Hải") == "dong-hai"
    assert slugify_vi("Muối hạt Bạc Liêu") == "muoi-hat-bac-lieu"
    assert slugify_vi("  Gạo ST25 – Hồng Dân!  ") == "gao-st25-hong-dan"


def test_folding_is_accent_and_case_insensitive():
    assert fold("ĐÔNG HẢI") == fold("dong hai") == "dong hai"
    assert fold("Nước mắm cá cơm") == "nuoc mam ca com"


def test_decomposed_input_folds_like_composed_input():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Muối hạt")) == "muoi hat"


def test_money_is_shown_in_whole_dong():
    assert format_vnd(125000) == "125.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(2500000) == "2.500.000 ₫"
