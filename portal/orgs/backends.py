"""Log-in by e-mail that refuses accounts not yet vetted by their organisation."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.orgs.membership import vetted_membership
from portal.orgs.models import Membership


def is_vetted(user) -> bool:
    return Membership.objects.filter(user_id=user.pk, vetted=True).exists()


# Set on the request when the password was right but the account is not vetted yet: the log-in form says so.
UNVETTED_WITH_RIGHT_PASSWORD = "portal_unvetted_with_right_password"


class VettedEmailBackend(ModelBackend):
    """E-mail and password; a superuser may log in without a membership, everyone else needs a vetted one.

    The password hasher runs once whether or not the account exists (ModelBackend hashes for a missing one),
    so the time of a refusal does not tell which addresses have accounts."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        username = (email or username or kwargs.get("login") or "").strip().lower()
        if not username or password is None:
            return None
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.get_by_natural_key(username)
        except UserModel.DoesNotExist:
            UserModel().set_password(password)  # the same hashing as for an account that exists
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        if request is not None and user.is_active:
            setattr(request, UNVETTED_WITH_RIGHT_PASSWORD, True)
        return None

    def user_can_authenticate(self, user) -> bool:
        # vetted_membership() keeps the membership on the user object: the middleware and the policy then
        # read it from there, so a request asks the database for it once.
        return super().user_can_authenticate(user) and (user.is_superuser or vetted_membership(user) is not None)
