"""Refuses passwords that look like breached ones: a common password dressed up with case, digits,
symbols or letter-for-digit swaps, keyboard or counting runs, and one character repeated."""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
RUNS = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm", "azertyuiopqsdfghjklmwxcvbn")


class BreachedLookingPasswordValidator:
    def __init__(self):
        self.common = CommonPasswordValidator().passwords

    def _core(self, password: str) -> str:
        core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())
        return core.translate(LEET)

    def _run_only(self, password: str) -> bool:
        low = password.lower()
        for run in RUNS:
            for text in (run, run[::-1]):
                if len(low) >= 6 and all(low[i : i + 4] in text * 3 for i in range(0, max(1, len(low) - 3))):
                    return True
        return False

    def validate(self, password, user=None):
        core = self._core(password)
        repeated = len(set(password.lower())) <= 3
        words = [w for w in re.split(r"[^a-z]+", password.lower().translate(LEET)) if w]
        dressed_common = (core and core in self.common) or (len(words) == 1 and words[0] in self.common)
        own = user is not None and getattr(user, "email", "") and user.email.split("@")[0].lower() in password.lower()
        if repeated or dressed_common or self._run_only(password) or own:
            raise ValidationError(
                _("This password looks like one from a breach list: use a longer passphrase of unrelated words."),
                code="password_breached_looking",
            )

    def get_help_text(self):
        return _("Your password cannot be a common password dressed up with digits, symbols or capitals.")
