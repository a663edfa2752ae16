"""Every text a person can type has an upper bound: in the forms, and on the models behind them.

Django bounds a request body at 2.5 MB, not a field: a form field without max_length takes a
2-million-character "description" and the pages that show it (and the search index) pay for it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models

import dure

# Written by the program, never typed: search terms, an import job's error.
MACHINE_TEXT = {
    ("portal", "searchdocument"),
    ("registry", "importjob"),
}


def all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(dure.__path__, "dure."):
        if module.name.endswith(".forms") or ".forms." in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    stack: list[type] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("dure."):
                found.append(sub)
    return found


def test_forms_are_found() -> None:
    assert len(all_form_classes()) > 20


@pytest.mark.parametrize("form_class", all_form_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_typed_text_field_has_a_max_length(form_class: type[forms.BaseForm]) -> None:
    unbounded = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert not unbounded, f"{form_class.__name__}: {unbounded} take text of any length"


def test_every_model_text_field_has_a_max_length() -> None:
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("dure.")
        and (model._meta.app_label, model._meta.model_name) not in MACHINE_TEXT
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert not unbounded, f"text fields without max_length (forms built on them take any length): {unbounded}"
