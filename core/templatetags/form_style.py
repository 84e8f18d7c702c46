"""One form style: `{{ field|styled }}` gives any form's field the Bootstrap class its widget
needs, so that every form rendered through core/_form.html looks alike (registry, offenders,
verification), whether or not its class mixes in BootstrapMixin."""
from django import forms, template

register = template.Library()


def widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "form-control"
    return "form-control"


@register.filter
def styled(bound_field):
    """The field's widget with its Bootstrap class (and `is-invalid` when it has errors)."""
    widget = bound_field.field.widget
    classes = widget.attrs.get("class", "").split()
    for css in [widget_class(widget), *(["is-invalid"] if bound_field.errors else [])]:
        if css not in classes:
            classes.append(css)
    return bound_field.as_widget(attrs={"class": " ".join(classes)})


@register.filter
def is_choice_list(bound_field) -> bool:
    """Checkboxes or radio buttons listed one per line (rendered in a bordered, scrollable box)."""
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
