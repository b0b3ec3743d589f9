from tests.members.conftest import (  # noqa: F401  (shared fixtures)
    _audit_chain_verifies,
    application_post,
    approved_member,
    commune,
    make_user,
    moderator,
)
