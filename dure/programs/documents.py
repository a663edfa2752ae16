"""QR codes (SVG, with segno) and completion certificates (PDF, with reportlab)."""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from dure.programs.models import Certificate

# The certificate's typeface is KRDS's own (Pretendard GOV), embedded as a subset so the
# certificate looks the same in every viewer, phones included. scripts/vendor.py unwraps KRDS's
# WOFF files into settings.DURE_PDF_FONT_DIR. A character the KRDS subset lacks (it holds the
# 2,780 common syllables, not all 11,172) is drawn in reportlab's built-in Korean CID font,
# which the viewer supplies; so is all text when the font files are missing (logged).
REGULAR = "PretendardGOV"
BOLD = "PretendardGOV-Bold"
FONT_FILES = {REGULAR: "PretendardGOV-Regular.ttf", BOLD: "PretendardGOV-Bold.ttf"}
FALLBACK_FONT = "HYSMyeongJo-Medium"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    covered: frozenset[int]  # code points the embedded fonts draw

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """The text cut into runs of one font each: `font` where it has the glyph, else the
        fallback."""
        runs: list[tuple[str, str]] = []
        for char in text:
            name = font if ord(char) in self.covered else FALLBACK_FONT
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def width(self, text: str, font: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in self.runs(text, font))

    def draw(self, pdf: canvas.Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        for name, chunk in self.runs(text, font):
            pdf.setFont(name, size)
            pdf.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, name, size)

    def draw_centred(self, pdf: canvas.Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        self.draw(pdf, x - self.width(text, font, size) / 2, y, text, font, size)

    def wrap(self, text: str, font: str, size: float, max_width: float) -> list[str]:
        """Lines no wider than max_width, broken at spaces (a word longer than the line, at a
        character)."""
        lines: list[str] = []
        line = ""
        for word in text.split(" "):
            candidate = f"{line} {word}" if line else word
            if self.width(candidate, font, size) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if line and self.width(line + char, font, size) > max_width:
                    lines.append(line)
                    line = ""
                line += char
        if line:
            lines.append(line)
        return lines


@functools.cache
def pdf_fonts() -> _Fonts:
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    folder = Path(settings.DURE_PDF_FONT_DIR)
    paths = {name: folder / file for name, file in FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        logger.warning(
            "PDF fonts missing (%s): certificates use the viewer's Korean font. Run make install.",
            ", ".join(missing),
        )
        return _Fonts(FALLBACK_FONT, FALLBACK_FONT, frozenset())
    covered: set[int] | None = None
    for name, path in paths.items():
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        chars = set(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    return _Fonts(REGULAR, BOLD, frozenset(covered or ()))


def qr_svg(data: str, *, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    fonts = pdf_fonts()
    registration = certificate.registration
    program = registration.program
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"{_('Certificate of completion')} {certificate.code}")
    pdf.setSubject(certificate.code)
    width, height = A4
    left, text_width = 90, width - 180
    pdf.setLineWidth(2)
    pdf.rect(40, 40, width - 80, height - 80)
    fonts.draw_centred(pdf, width / 2, height - 150, _("Certificate of completion"), fonts.bold, 30)
    lines = [
        (_("Name"), certificate.holder_name),
        (_("Program"), program.title),
        (_("Kind"), program.get_kind_display()),
        (
            _("Attendance"),
            _("%(attended)s of %(total)s sessions")
            % {"attended": certificate.sessions_attended, "total": certificate.sessions_total},
        ),
        (_("Issued on"), timezone.localtime(certificate.created_at).strftime("%Y-%m-%d")),
    ]
    y = height - 240
    for label, value in lines:
        for line in fonts.wrap(f"{label}: {value}", fonts.regular, 16, text_width):
            fonts.draw(pdf, left, y, line, fonts.regular, 16)
            y -= 24
        y -= 10
    text = _(
        "This certifies that the person above completed the program, attending at least %(percent)s%% of its sessions."
    ) % {"percent": program.completion_percent}
    y -= 20
    for line in fonts.wrap(text, fonts.regular, 14, text_width):
        fonts.draw(pdf, left, y, line, fonts.regular, 14)
        y -= 20
    fonts.draw_centred(pdf, width / 2, 200, settings.DURE_CENTER_NAME, fonts.bold, 20)
    label = f"{_('Verification code')}: "
    fonts.draw(pdf, left, 104, label, fonts.regular, 12)
    # The code in a standard font, so it is plain text in the file as well as on the page.
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(left + fonts.width(label, fonts.regular, 12), 104, certificate.code)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, 84, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
