"""The completion certificate PDF: KRDS's typeface embedded, a fallback for what it lacks, text
that stays inside the page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from reportlab.lib.pagesizes import A4

from dure.programs import documents, services
from dure.programs.tests.factories import make_program, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(staff_user: Any) -> Any:
    def issue(name: str, title: str = "사회혁신 아카데미") -> Any:
        program = make_program(
            title=title,
            kind="academy",
            issues_certificates=True,
            sessions=2,
            start=timezone.now() - dt.timedelta(days=1),
        )
        registration = register(program, "done@example.org", name=name)
        for session in program.sessions.all():
            services.attendance_check_in_manual(actor=staff_user, session=session, registration=registration)
        return services.certificate_issue(actor=staff_user, registration=registration)

    return issue


def _fonts_in(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /([\w+-]+)", pdf)}


def test_certificate_embeds_the_krds_typeface(issued: Any) -> None:
    certificate = issued("김수료")
    pdf = documents.certificate_pdf(certificate, verify_url="http://example.org/v")
    fonts = _fonts_in(pdf)
    assert any(f.endswith("+PretendardGOV-Regular") for f in fonts), fonts
    assert any(f.endswith("+PretendardGOV-Bold") for f in fonts), fonts
    assert b"/FontFile2" in pdf  # the TrueType program is in the file
    assert documents.FALLBACK_FONT not in fonts  # every character of this one is covered


def test_a_character_the_subset_lacks_falls_back_to_the_cid_font(issued: Any) -> None:
    fonts = documents.pdf_fonts()
    rare = "쀍"
    assert ord(rare) not in fonts.covered and ord("김") in fonts.covered
    assert fonts.runs(f"김{rare}수", fonts.regular) == [
        (fonts.regular, "김"),
        (documents.FALLBACK_FONT, rare),
        (fonts.regular, "수"),
    ]
    pdf = documents.certificate_pdf(issued(f"김{rare}수"), verify_url="http://example.org/v")
    assert documents.FALLBACK_FONT in _fonts_in(pdf)


def test_a_long_title_wraps_inside_the_page() -> None:
    fonts = documents.pdf_fonts()
    width = A4[0] - 180
    text = "프로그램: " + "광주 사회적경제 청년 창업 아카데미 심화 과정 " * 4
    lines = fonts.wrap(text, fonts.regular, 16, width)
    assert len(lines) > 1
    assert all(fonts.width(line, fonts.regular, 16) <= width for line in lines)
    assert " ".join(lines).split() == text.split()
    unbroken = "가" * 80
    assert "".join(fonts.wrap(unbroken, fonts.regular, 16, width)) == unbroken


def test_missing_font_files_fall_back_to_the_viewer_font(settings: Any, tmp_path: Any, issued: Any) -> None:
    settings.DURE_PDF_FONT_DIR = tmp_path
    documents.pdf_fonts.cache_clear()
    try:
        pdf = documents.certificate_pdf(issued("김수료"), verify_url="http://example.org/v")
        assert documents.FALLBACK_FONT in _fonts_in(pdf)
        assert not any("PretendardGOV" in f for f in _fonts_in(pdf))
    finally:
        documents.pdf_fonts.cache_clear()
