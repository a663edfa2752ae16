"""QR codes (SVG, with segno) and completion certificates (PDF, with reportlab)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from dure.programs.models import Certificate

KOREAN_FONT = "HYSMyeongJo-Medium"  # reportlab's built-in CID font: no font file needed


def qr_svg(data: str, *, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    if KOREAN_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_FONT))
    registration = certificate.registration
    program = registration.program
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"{_('Certificate of completion')} {certificate.code}")
    pdf.setSubject(certificate.code)
    width, height = A4
    pdf.setLineWidth(2)
    pdf.rect(40, 40, width - 80, height - 80)
    pdf.setFont(KOREAN_FONT, 30)
    pdf.drawCentredString(width / 2, height - 150, _("Certificate of completion"))
    pdf.setFont(KOREAN_FONT, 16)
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
        pdf.drawString(90, y, f"{label}: {value}")
        y -= 34
    pdf.setFont(KOREAN_FONT, 14)
    text = _(
        "This certifies that the person above completed the program, attending at least %(percent)s%% of its sessions."
    ) % {"percent": program.completion_percent}
    text_object = pdf.beginText(90, y - 20)
    for chunk in _wrap(text, 38):
        text_object.textLine(chunk)
    pdf.drawText(text_object)
    pdf.setFont(KOREAN_FONT, 20)
    pdf.drawCentredString(width / 2, 200, settings.DURE_CENTER_NAME)
    pdf.setFont(KOREAN_FONT, 12)
    label = f"{_('Verification code')}: "
    pdf.drawString(90, 104, label)
    # The code in a standard font, so it is plain text in the file as well as on the page.
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(90 + pdfmetrics.stringWidth(label, KOREAN_FONT, 12), 104, certificate.code)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(90, 84, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines
