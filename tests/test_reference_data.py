"""Reference data (administrative units, OCOP category tree) survives a flush, as between transactional tests."""

import pytest
from django.core.management import call_command

from catalog.models import Category
from members.models import AdministrativeUnit, FormerDistrict


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_restored_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert AdministrativeUnit.objects.count() == 31
    assert FormerDistrict.objects.count() == 7
    assert AdministrativeUnit.objects.get(code="31891").former_districts.count() == 2
    assert Category.objects.filter(parent__isnull=True).count() == 6
    assert Category.objects.count() == 21
