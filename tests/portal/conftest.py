from tests.members.conftest import (  # noqa: F401  (shared fixtures)
    _audit_chain_verifies,
    _default_language_after_each_test,
    application_post,
    approved_member,
    commune,
    make_user,
    moderator,
)
