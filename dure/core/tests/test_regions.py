from pathlib import Path

import pytest

from dure.core.regions import district_from_address, is_local, region_name, sido_from_address


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("광주광역시 북구 용봉로 77", "29170"),
        ("광주 광산구 하남산단8번로 177", "29200"),
        ("광주시 남구 봉선로 1", "29155"),
        ("광주광역시 동구 금남로 1", "29110"),
        ("광주광역시 서구 상무대로 1", "29140"),
        ("  광주광역시   서구 치평로 20", "29140"),
        ("경기도 광주시 경안로 1", None),
        ("경기 광주시 오포읍 1", None),
        ("서울특별시 중구 세종대로 110", None),
        ("", None),
        (None, None),
    ],
)
def test_district_from_address(address, code):
    assert district_from_address(address) == code


def test_sido_from_address():
    assert sido_from_address("전라남도 나주시 빛가람로 1") == "46"
    assert sido_from_address("경기도 광주시 경안로 1") == "41"
    assert sido_from_address("광주광역시 북구 용봉로 77") == "29"
    assert sido_from_address("서울 마포구") == "11"


def test_is_local_uses_the_configured_prefix(settings):
    settings.DURE_REGION_PREFIX = "29"
    assert is_local("29170") and is_local("29") and not is_local("41") and not is_local("")
    assert is_local("29170", "29170") and not is_local("29200", "29170")


def test_region_name():
    assert region_name("29170") == "광주광역시 북구"
    assert region_name("29170", english=True) == "Gwangju Buk-gu"
    assert region_name("46") == "전라남도"


def test_place_names_follow_the_active_language_unless_told():
    from django import forms
    from django.utils import translation

    from dure.core.regions import DISTRICT_CHOICES, DISTRICTS_BY_CODE

    class Form(forms.Form):
        district = forms.ChoiceField(choices=DISTRICT_CHOICES)

    with translation.override("en"):
        assert region_name("29170") == "Gwangju Buk-gu"
        assert region_name("29170", english=False) == "광주광역시 북구"
        assert DISTRICTS_BY_CODE["29170"].label == "Buk-gu"
        assert "Buk-gu" in str(Form()["district"]) and "북구" not in str(Form()["district"])
    with translation.override("ko"):
        assert region_name("29170") == "광주광역시 북구"
        assert "북구" in str(Form()["district"])


BUSAN = """code,name,name_en,latitude,longitude
26290,남구,Nam-gu,35.1366,129.0843
26320,북구,Buk-gu,35.1972,128.9903
26350,해운대구,Haeundae-gu,35.1631,129.1635
"""


def test_another_regions_center_brings_its_districts(tmp_path: Path) -> None:
    """Dure runs any regional center: DURE_DISTRICTS_FILE replaces Gwangju's five districts."""
    import importlib

    from django.test import override_settings

    from dure.core import regions

    path = tmp_path / "busan.csv"
    path.write_text(BUSAN, encoding="utf-8-sig")
    try:
        with override_settings(
            DURE_REGION_PREFIX="26", DURE_REGION_NAME="부산광역시", DURE_DISTRICTS_FILE=str(path)
        ):
            importlib.reload(regions)
            assert [code for code, _label in regions.DISTRICT_CHOICES] == ["26290", "26320", "26350"]
            assert regions.district_from_address("부산광역시 해운대구 센텀중앙로 1") == "26350"
            assert regions.district_from_address("부산 북구 금곡대로 1") == "26320"
            assert regions.district_from_address("남구 수영로 1") == "26290"
            assert (
                regions.district_from_address("광주광역시 북구 용봉로 77") is None
            )  # another province's 북구
            assert regions.sido_from_address("부산광역시 해운대구 센텀중앙로 1") == "26"
            assert regions.region_name("26350", english=False) == "부산광역시 해운대구"
            assert regions.region_name("26350", english=True) == "Busan Haeundae-gu"
    finally:
        importlib.reload(regions)
    assert regions.district_from_address("광주광역시 북구 용봉로 77") == "29170"


@pytest.mark.parametrize(
    "text",
    [
        "code,name\n26350,해운대구\n",  # no coordinates
        "code,name,name_en,latitude,longitude\n29170,북구,Buk-gu,35.17,126.91\n",  # not in region 26
        "code,name,name_en,latitude,longitude\n",  # nothing
    ],
)
def test_a_district_file_that_does_not_fit_says_so_at_start(tmp_path: Path, text: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from dure.core.regions import load_districts

    path = tmp_path / "districts.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="DURE_DISTRICTS_FILE"):
        load_districts(str(path), prefix="26")
