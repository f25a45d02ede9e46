"""The CJK fonts the program ships, and their registration for reportlab and matplotlib.

WenQuanYi Micro Hei (Apache-2.0, resources/fonts): TrueType outlines, so reportlab can
embed it (Noto CJK's CFF outlines cannot be), and Qt and matplotlib render it too. The
Qt side (QFontDatabase.addApplicationFont) lives in desktop.ui.app, using FONT_PATH.

The red-header 发文 (GB/T 9704) wants 宋, 楷 and 仿宋 faces: AR PL SungtiL GB and AR PL
KaitiM GB (Arphic Public License, Debian's fonts-arphic-gbsn00lp/gkai00mp, TrueType,
GB 2312 coverage), used only by reportlab; Micro Hei stands in for 黑体.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_PATH = RESOURCES / "fonts" / "wqy-microhei.ttc"
FAMILY = "WenQuanYi Micro Hei"
PDF_FONT = "WQYMicroHei"
SONG_PATH = RESOURCES / "fonts" / "gbsn00lp.ttf"
KAI_PATH = RESOURCES / "fonts" / "gkai00mp.ttf"
PDF_SONG = "ARPLSungtiLGB"
PDF_KAI = "ARPLKaitiMGB"


@cache
def register_reportlab() -> str:
    """Register the embedded TrueType font with reportlab; returns its PDF name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_FONT, str(FONT_PATH), subfontIndex=0))
    return PDF_FONT


@cache
def register_official_faces() -> tuple[str, str]:
    """Register the 宋 and 楷 faces of the red-header document; returns their PDF names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_SONG, str(SONG_PATH)))
    pdfmetrics.registerFont(TTFont(PDF_KAI, str(KAI_PATH)))
    return PDF_SONG, PDF_KAI


@cache
def register_matplotlib() -> str:
    """Make matplotlib draw Chinese with the shipped font; returns the family name."""
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_PATH))
    matplotlib.rcParams["font.family"] = [FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return FAMILY
