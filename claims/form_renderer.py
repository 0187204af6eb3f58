"""The project's form renderer (settings.FORM_RENDERER): Django's own, except that the markup of the
plainest widgets (<input> of every type, <select> with its <option>s, <textarea>) and of labels is
written here in Python, byte for byte what Django's templates write.

Why: Django renders each widget through a template, and each <option> through a template of its
own; on the claims list, twenty-odd widgets and their labels were a fifth of the request's CPU (the
language filter's 18 options alone 2 ms; issue #17). Every other template (radio buttons, the
autocomplete, the admin's widgets, a form's own layout) goes through Django's renderer as before.

The fast path is keyed on the template's name, and taken only when that name resolves to Django's
own file (checked once per process): a project or app that overrides, say,
django/forms/widgets/select.html gets its override, not this. A widget that names another template
(its `template_name` or `option_template_name`) is rendered by that template as usual.
tests/test_form_renderer.py renders every field of the project's forms with both renderers and
compares the bytes.
"""
import datetime
import html
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

DJANGO_FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
INPUT_TEMPLATES = {
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "text", "hidden", "checkbox", "date", "datetime", "time", "number", "email", "url",
                 "password", "search", "tel", "color", "file")
}
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
LABEL = "django/forms/label.html"


def _shown(value):
    """{{ value }}: localised and escaped as Django's template engine does (render_value_in_context)."""
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
    value = localize(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _formatted(value):
    """{{ value|stringformat:'s' }}: the value as text, kept as it is when marked safe, else escaped."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html (and django/forms/attrs.html)."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option):
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>'


def _select(widget):
    """django/forms/widgets/select.html, or None when an option names a template of its own."""
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            # select_option.html ends with a line break, which the include keeps.
            out.append(f"\n  {_option(option)}\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget):
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context):
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>"


WRITERS = {
    **{name: lambda context: _input(context["widget"]) for name in INPUT_TEMPLATES},
    SELECT: lambda context: _select(context["widget"]),
    TEXTAREA: lambda context: _textarea(context["widget"]),
    LABEL: _label,
}


class WorkbenchFormRenderer(DjangoTemplates):
    """Django's DjangoTemplates renderer, with the widgets above written in Python."""

    @cached_property
    def writers(self):
        # Only the templates that are Django's own file here: an override anywhere wins.
        return {
            name: writer for name, writer in WRITERS.items()
            if Path(self.get_template(name).origin.name) == DJANGO_FORM_TEMPLATES / name
        }

    def render(self, template_name, context, request=None):
        writer = self.writers.get(template_name)
        if writer is not None:
            markup = writer(context)
            if markup is not None:
                # As BaseRenderer.render, which strips the template's output.
                return markup.strip()
        return super().render(template_name, context, request=request)
