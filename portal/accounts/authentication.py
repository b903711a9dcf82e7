"""API tokens for machine clients: `Authorization: Bearer <token>`; each use is audited."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from portal.accounts.services import token_lookup
from portal.audit.services import audit


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: expected 'Bearer <token>'."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = token_lookup(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        audit(
            actor=token.user,
            action="token.use",
            obj=token,
            detail={"method": request.method, "path": request.path[:200]},
        )
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
