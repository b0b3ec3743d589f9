"""The Department's roles as data: groups and the permissions each needs."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

MODERATOR_GROUP = "Department moderator"

# app_label.codename of every permission a Department moderator needs, and nothing more.
MODERATOR_PERMISSIONS = [
    "members.view_member",
    "members.change_member",  # edit identifying details (audited) and suspend/reinstate (actions)
    "members.view_membership",
    "members.view_user",
    "members.view_administrativeunit",
    "members.view_membershipapplication",
    "members.change_membershipapplication",  # approve / reject / ask for changes (actions only)
    "members.view_applicationdocument",
    "members.view_auditentry",  # read and export; nobody can add, change or delete entries
    "catalog.view_product",
    "catalog.change_product",  # publish / reject / take down (actions only; fields are read-only)
    "catalog.view_productimage",
    "catalog.view_category",
    "ocop.view_certificate",
    "ocop.add_certificate",
    "ocop.change_certificate",
    "linkage.view_partnerplatform",
    "linkage.change_partnerplatform",  # pause, resume, resync all, retry failed, rotate the secret
    "linkage.view_listingsync",
    "linkage.view_delivery",
    "linkage.view_partnerapikey",
    "linkage.change_partnerapikey",  # issue and revoke pull keys
    "linkage.view_partneroptout",
    "linkage.add_partneroptout",  # record a member's opt-out on its request
    "linkage.delete_partneroptout",
]


def ensure_moderator_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    wanted = []
    for dotted in MODERATOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(wanted)
    return group
