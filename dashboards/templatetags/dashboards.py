"""{% figure f %}: a dashboard number as the link to the list behind it (a tag, not an include:
a dashboard shows a hundred and more)."""
from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(f) -> str:
    return format_html('<a class="figure-link" href="{}" data-count="{}">{}</a>', f.url, f.value, f.value)
