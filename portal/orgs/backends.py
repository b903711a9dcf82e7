"""Log-in by e-mail that refuses accounts not yet vetted by their organisation."""

from django.contrib.auth.backends import ModelBackend

from portal.orgs.models import Membership


def is_vetted(user) -> bool:
    return Membership.objects.filter(user_id=user.pk, vetted=True).exists()


class VettedEmailBackend(ModelBackend):
    """E-mail and password; a superuser may log in without a membership, everyone else needs a vetted one."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        username = (email or username or kwargs.get("login") or "").strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        # vetted_membership() keeps the membership on the user object: the middleware and the policy then
        # read it from there, so a request asks the database for it once.
        from portal.access.policy import vetted_membership

        return super().user_can_authenticate(user) and (user.is_superuser or vetted_membership(user) is not None)
