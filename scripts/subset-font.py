#!/usr/bin/env python3
"""Builds the embedded default fonts of xxgk: GB2312-range subsets of Noto Serif CJK SC and
Noto Sans CJK SC (SIL OFL 1.1), renamed so they never shadow a full installed Noto font.

Usage: python3 scripts/subset-font.py [NOTO_DIR] (default /usr/share/fonts/opentype/noto, the
Debian/Ubuntu fonts-noto-cjk package). Needs fontTools (`pip install fonttools`).

Character set: every character of GB 2312 (6763 hanzi and 682 symbols), printable ASCII, full-width
forms, CJK symbols and punctuation, and the dashes, ellipsis and dots used in reports.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "fonts"

# (collection file, face name inside it, new family, output file)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "XXGK Noto Serif SC", "XXGKNotoSerifSC-Regular.otf"),
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "XXGK Noto Sans SC", "XXGKNotoSansSC-Regular.otf"),
]

# OpenType features worth keeping for horizontal Simplified Chinese text set by typst. `locl`,
# `vert` and the width variants would pull in thousands of Japanese/Korean/vertical alternates.
FEATURES = ["kern", "ccmp", "halt", "palt", "chws"]


def gb2312() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def charset() -> set[str]:
    chars = gb2312()
    chars.update(chr(c) for c in range(0x20, 0x7F))  # ASCII
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars.update("\u00a0\u00b7\u2010\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2022\u2027\u00d7\u00f7\u2030\u2103\u00b0\u2116\u2160\u2161\u2162\u2163\u2164\u2165\u2166\u2167\u2168\u2169\u30fb\u2212\uff5e")
    return chars


def face(path: Path, name: str):
    collection = TTCollection(str(path))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == name:
            return font
    sys.exit(f"{name} not found in {path}")


def rename(font, family: str) -> None:
    """Sets every name record that carries the family to the new family (OFL: a modified version
    gets its own name; it also keeps a full installed Noto font from being shadowed)."""
    postscript = family.replace(" ", "") + "-Regular"
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID == 4:
            rec.string = family + " Regular"
        elif rec.nameID == 6:
            rec.string = postscript
        elif rec.nameID == 3:
            rec.string = postscript + ";GB2312 subset"
        elif rec.nameID == 17:
            rec.string = "Regular"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName = family + " Regular"
        top.FamilyName = family


def main() -> None:
    noto = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/opentype/noto")
    text = "".join(sorted(charset()))
    OUT.mkdir(parents=True, exist_ok=True)
    for ttc, name, family, out in FACES:
        font = face(noto / ttc, name)
        options = subset.Options()
        options.layout_features = FEATURES
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        rename(font, family)
        font.save(str(OUT / out))
        print(f"{out}: {len(text)} characters, {(OUT / out).stat().st_size} bytes")


if __name__ == "__main__":
    main()
