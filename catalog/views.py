from django.shortcuts import render

from catalog import selectors


def home(request):
    return render(
        request,
        "catalog/home.html",
        {"figures": selectors.floor_figures(), "categories": selectors.root_categories()},
    )
