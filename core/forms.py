"""Form helpers shared by every app."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
#: The one help text of every box of phone numbers (core.phones.split_phones reads them all alike).
PHONES_HELP = _("10 digits each (+91 or 0 allowed); several numbers separated by ; or , or one per line")


def phones_widget() -> forms.Textarea:
    """The box of phone numbers: a few lines, so that one number per line can be typed."""
    return forms.Textarea(attrs={"rows": 2})


class BootstrapMixin:
    """Bootstrap classes on every widget (forms render through core/_form.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def apply_service_errors(form: forms.Form, exc: ValidationError, *, prefix: str = "") -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it
    (`prefix` + name first, for forms whose fields are named after a prefix), else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = next((f for f in (f"{prefix}{name}", name) if f in form.fields), None)
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def focus_first_error(form: forms.Form | None) -> forms.Form | None:
    """Put the cursor in the first field the officer must correct (`autofocus`, no script), so
    that a page re-rendered with errors opens where the officer has to look."""
    if form is None or not form.is_bound or not form.errors:
        return form
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            break
    return form


class LookupSelect(forms.Select):
    """A choice among thousands (a call centre raided, a person): the page holds only the chosen
    option; static/js/lookup.js adds a search box that asks `lookup_url` (JSON `{"results":
    [{"id", "label"}]}`, in the officer's scope) and fills the choices as the officer types.

    `label_of(pk_list) -> [(pk, label)]` names the chosen option when the page is drawn again.
    """

    def __init__(self, *, lookup_url: str = "", label_of=None, attrs=None):
        super().__init__(attrs=attrs)
        self.lookup_url = lookup_url
        self.label_of = label_of

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if str(v or "").isdigit()]
        self.choices = [("", "—")] + (list(self.label_of(chosen)) if chosen and self.label_of else [])
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-lookup-url"] = str(self.lookup_url)
        return context
