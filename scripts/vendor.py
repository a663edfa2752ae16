"""Copy the front-end files the pages use from node_modules into var/vendor (served as /static/vendor/).

Run by `make install` after `npm ci`. Only what a page loads is copied, so collectstatic stays small.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules"
TARGET = ROOT / "var" / "vendor"
# The PDF certificate embeds KRDS's own typeface. reportlab reads TrueType, KRDS ships it as WOFF
# (TrueType outlines inside): fontTools unwraps it once here into var/fonts (not served).
FONTS = ROOT / "var" / "fonts"
PDF_FONTS = {
    "PretendardGOV-Regular.ttf": "krds-uiux/resources/fonts/PretendardGOV-Regular.subset.woff",
    "PretendardGOV-Bold.ttf": "krds-uiux/resources/fonts/PretendardGOV-Bold.subset.woff",
}

FILES: dict[str, str] = {
    "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet/images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "chartjs/chart.umd.js": "chart.js/dist/chart.umd.js",
    "axe/axe.min.js": "axe-core/axe.min.js",
}
TREES: dict[str, str] = {
    "krds/css/token": "krds-uiux/resources/css/token",
    "krds/css/common": "krds-uiux/resources/css/common",
    "krds/css/component": "krds-uiux/resources/css/component",
    "krds/fonts": "krds-uiux/resources/fonts",
    "krds/img": "krds-uiux/resources/img",
    "krds/js": "krds-uiux/resources/js/component",
}


def main() -> int:
    if not SOURCE.is_dir():
        print("node_modules is missing: run 'npm ci' first", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for target, source in FILES.items():
        destination = TARGET / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOURCE / source, destination)
    for target, source in TREES.items():
        shutil.copytree(SOURCE / source, TARGET / target, ignore=shutil.ignore_patterns("*.map", "*_bak.js"))
    # KRDS's component.css points at ../../img/img/…: give it the path it asks for.
    shutil.copytree(SOURCE / "krds-uiux/resources/img", TARGET / "krds/img/img")
    unwrap_fonts()
    print(
        f"vendored front-end files into {TARGET.relative_to(ROOT)}, PDF fonts into {FONTS.relative_to(ROOT)}"
    )
    return 0


def unwrap_fonts() -> None:
    from fontTools.ttLib import TTFont

    FONTS.mkdir(parents=True, exist_ok=True)
    for target, source in PDF_FONTS.items():
        font = TTFont(SOURCE / source)
        font.flavor = None  # plain TrueType (sfnt), as reportlab reads it
        font.save(FONTS / target)


if __name__ == "__main__":
    sys.exit(main())
