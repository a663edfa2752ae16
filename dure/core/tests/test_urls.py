from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix

from dure.core.urls import pk_url


def test_pk_url_is_what_reverse_gives() -> None:
    for pk in (1, 7, 918_273_645, 10**12):
        assert pk_url("portal:enterprise", pk) == reverse("portal:enterprise", args=[pk])


def test_pk_url_follows_the_script_prefix() -> None:
    before = get_script_prefix()
    try:
        set_script_prefix("/center/")
        assert (
            pk_url("portal:enterprise", 3)
            == reverse("portal:enterprise", args=[3])
            == "/center/enterprises/3/"
        )
    finally:
        set_script_prefix(before)
    assert pk_url("portal:enterprise", 3) == "/enterprises/3/"


def test_pk_url_refuses_a_view_without_a_pk() -> None:
    with pytest.raises(NoReverseMatch):
        pk_url("portal:home", 3)
