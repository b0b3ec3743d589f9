from django.conf import settings


def operator(request):
    """The operator's details, which a trading floor must show on its pages (Decree 52/2013)."""
    return {"operator": settings.OPERATOR}
