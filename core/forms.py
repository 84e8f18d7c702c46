"""Form helpers shared by every app."""
from django import forms
from django.core.exceptions import ValidationError


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
