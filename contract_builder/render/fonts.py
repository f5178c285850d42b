"""The fonts a printed contract needs, checked before a PDF is made.

Without a Chinese font wkhtmltopdf silently drops every Chinese character (and
exits 0), WeasyPrint prints empty boxes, and with no font at all WeasyPrint
crashes. So before rendering we ask fontconfig, which both engines use, for the
installed fonts whose character coverage really includes Simplified Chinese
(`fc-list :lang=zh-cn` computes this from each font's own character map), and
refuse with a message naming the Debian package when the layout's fonts are not
among them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

from contract_builder.bilingual import Bilingual
from contract_builder.errors import PdfError

# The print layout's Chinese font stack (render/layout/print.css), and where each comes from.
CHINESE_FONTS = {"WenQuanYi Zen Hei": "fonts-wqy-zenhei", "WenQuanYi Micro Hei": "fonts-wqy-microhei"}
CHINESE_FONT_PACKAGE = "fonts-wqy-zenhei"
FONTCONFIG_PACKAGE = "fontconfig"


def require_fonts() -> None:
    """Raise PdfError unless a Chinese font of the layout is installed, with real Chinese coverage."""
    # fontconfig reads these variables, so a check made under other ones does not count.
    _check(os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


@lru_cache(maxsize=8)
def _check(fontconfig_file: str | None, fontconfig_path: str | None) -> None:
    # lru_cache keeps only successes: a failure raises, so installing the font fixes the next try.
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise PdfError(
            Bilingual(
                zh=f"无法检查字体：缺少 fc-list（Debian 软件包 {FONTCONFIG_PACKAGE}）",
                en=f"cannot check the fonts: fc-list is missing (Debian package {FONTCONFIG_PACKAGE})",
            ),
        )
    chinese = _families(fc_list, ":lang=zh-cn")
    if chinese & set(CHINESE_FONTS):
        return
    if not _families(fc_list, ":"):
        raise PdfError(
            Bilingual(
                zh=f"未安装任何字体，无法生成 PDF：请安装 Debian 软件包 {CHINESE_FONT_PACKAGE} 和 fonts-liberation",
                en=f"no fonts are installed, so no PDF can be made: install the Debian packages "
                f"{CHINESE_FONT_PACKAGE} and fonts-liberation",
            ),
        )
    raise PdfError(
        Bilingual(
            zh=f"没有可用于 PDF 的中文字体（版式使用 {'、'.join(CHINESE_FONTS)}）：请安装 Debian 软件包 "
            f"{CHINESE_FONT_PACKAGE}；否则 PDF 中的中文将全部缺失",
            en=f"no Chinese font for the PDF (the layout uses {', '.join(CHINESE_FONTS)}): install the Debian package "
            f"{CHINESE_FONT_PACKAGE}; without it every Chinese character would be missing from the PDF",
        ),
    )


def _families(fc_list: str, pattern: str) -> set[str]:
    """The family names (every localised alias) of the installed fonts matching a fontconfig pattern."""
    try:
        finished = subprocess.run([fc_list, pattern, "family"], capture_output=True, timeout=30, check=False)
    except (subprocess.SubprocessError, OSError):
        return set()
    names: set[str] = set()
    for line in finished.stdout.decode("utf-8", "replace").splitlines():
        names.update(name.strip() for name in line.split(",") if name.strip())
    return names
