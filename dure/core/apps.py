from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dure.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        _treat_invisible_text_as_empty()


def _treat_invisible_text_as_empty() -> None:
    """Every form's text field reads text with nothing visible in it (only whitespace, control or
    invisible format characters such as U+200B or U+202E) as empty, as it already reads spaces.

    A product name, program title or note of "\u200b\u202e" passed every "required" check and
    was saved blank-looking. Wrapping `CharField.to_python` once covers every form of every app,
    including the ones written later; fields with `strip=False` (passwords) are left alone.
    """
    from django import forms

    from dure.core.text import has_visible_character

    original = forms.CharField.to_python
    if getattr(original, "dure_visible_text", False):
        return

    def to_python(self: forms.CharField, value: Any) -> str | None:
        value = original(self, value)
        if self.strip and isinstance(value, str) and value and not has_visible_character(value):
            return self.empty_value
        return value

    to_python.dure_visible_text = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]
