from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """{{ product.price|vnd }} → '125.000 ₫' (CSS .price keeps it on one line)."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""
