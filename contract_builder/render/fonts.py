"""The fonts a printed contract needs, checked before a PDF is made.

Without a Chinese font wkhtmltopdf silently drops every Chinese character (and
exits 0), WeasyPrint prints empty boxes, and with no font at all WeasyPrint
crashes. So before rendering we ask fontconfig, which both engines use, for the
installed fonts whose character coverage really includes Simplified Chinese
(`fc-list :lang=zh-cn` computes this from each font's own character map), and
refuse unless both of the layout's Chinese fonts are among them (the body font
and the heading font), naming the Debian package of each one missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

from contract_builder.bilingual import Bilingual
from contract_builder.errors import PdfError

# The print layout's Chinese fonts (render/layout/print.css), each required, and the Debian
# package of each. Without the body font the engines would fall back to any CJK font, and a
# Noto CJK font extracts 工/方/人 as Kangxi radicals.
CHINESE_FONTS = {
    "WenQuanYi Zen Hei": ("fonts-wqy-zenhei", Bilingual(zh="标题", en="headings")),
    "AR PL UMing CN": ("fonts-arphic-uming", Bilingual(zh="正文", en="body text")),
}
LATIN_FONT_PACKAGE = "fonts-liberation"
FONTCONFIG_PACKAGE = "fontconfig"


def require_fonts() -> None:
    """Raise PdfError unless each Chinese font of the layout is installed, with real Chinese coverage."""
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
    missing = [family for family in CHINESE_FONTS if family not in chinese]
    if not missing:
        return
    if not _families(fc_list, ":"):
        packages = [package for package, _ in CHINESE_FONTS.values()] + [LATIN_FONT_PACKAGE]
        raise PdfError(
            Bilingual(
                zh=f"未安装任何字体，无法生成 PDF：请安装 Debian 软件包 {'、'.join(packages)}",
                en=f"no fonts are installed, so no PDF can be made: install the Debian packages {', '.join(packages)}",
            ),
        )
    zh = "；".join(f"{CHINESE_FONTS[f][1].zh}字体 {f}：请安装 Debian 软件包 {CHINESE_FONTS[f][0]}" for f in missing)
    en = "; ".join(
        f"for {CHINESE_FONTS[f][1].en}, {f}: install the Debian package {CHINESE_FONTS[f][0]}" for f in missing
    )
    raise PdfError(
        Bilingual(
            zh=f"缺少 PDF 版式的中文字体（{zh}）；否则 PDF 中的中文将缺失或换用他种字体",
            en=f"the PDF layout lacks {'a Chinese font' if len(missing) == 1 else 'its Chinese fonts'} ({en}); "
            f"without {'it' if len(missing) == 1 else 'them'} the PDF's Chinese text would be missing or set in "
            "another font",
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
