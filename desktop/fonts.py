"""The one CJK font the program ships, and its registration for reportlab and matplotlib.

WenQuanYi Micro Hei (Apache-2.0, resources/fonts): TrueType outlines, so reportlab can
embed it (Noto CJK's CFF outlines cannot be), and Qt and matplotlib render it too. The
Qt side (QFontDatabase.addApplicationFont) lives in desktop.ui.app, using FONT_PATH.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_PATH = RESOURCES / "fonts" / "wqy-microhei.ttc"
FAMILY = "WenQuanYi Micro Hei"
PDF_FONT = "WQYMicroHei"


@cache
def register_reportlab() -> str:
    """Register the embedded TrueType font with reportlab; returns its PDF name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_FONT, str(FONT_PATH), subfontIndex=0))
    return PDF_FONT


@cache
def register_matplotlib() -> str:
    """Make matplotlib draw Chinese with the shipped font; returns the family name."""
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_PATH))
    matplotlib.rcParams["font.family"] = [FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return FAMILY
