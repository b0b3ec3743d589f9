"""Signals members sends so that apps above it (catalog) can react without members importing them."""

from django.dispatch import Signal

# Sent inside the transaction when a member's public visibility changed (approved, suspended,
# reinstated). Arguments: member_id (int). catalog bumps the revisions of the member's listings.
member_visibility_changed = Signal()
