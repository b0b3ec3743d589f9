"""Signals catalog sends so that apps above it (ocop, linkage) can react without catalog importing them."""

from django.dispatch import Signal

# Sent after commit when listings changed in a way others may see. Arguments: product_ids (list[int]).
listings_changed = Signal()
