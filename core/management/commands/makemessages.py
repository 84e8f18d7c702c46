"""`makemessages` that also extracts `_g(...)`: services use `gettext as _g` beside a module-level
`gettext_lazy as _`, and their messages reach officers (form errors, API 400s) like any other."""
from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_g"]
