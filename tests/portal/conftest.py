from tests.members.conftest import application_post, approved_member, commune, make_user, moderator  # noqa: F401
