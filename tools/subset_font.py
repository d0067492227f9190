"""Regenerate model/fonts/NotoSansCJKsc-c2f.otf: Noto Sans CJK SC cut down to the characters the
catalogues use, so that the plots can draw Chinese on a machine without a CJK font.

Run it whenever a catalogue gains a character (tests/unit/test_catalogues.py fails until then):

    python tools/subset_font.py NotoSansCJK-Regular.ttc

The source font (SIL Open Font Licence 1.1) is either
- Debian's: `apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto`, then
  `noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc` (a collection: the SC face is
  picked by its family name), or
- upstream's: github.com/notofonts/noto-cjk, `Sans/OTF/SimplifiedChinese/NotoSansCJKsc-Regular.otf`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "model" / "fonts" / "NotoSansCJKsc-c2f.otf"
FAMILY = "Noto Sans CJK SC"
# Full-width punctuation a translator may reach for, covered whether used yet or not.
EXTRA = "（），。：；！？、“”‘’《》…—·"


def catalogue_characters(paths: list[Path]) -> set[str]:
    """Every non-ASCII character of the catalogue files."""
    return {c for path in paths for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E}


def simplified_chinese_face(source: Path) -> TTFont:
    """The Noto Sans CJK SC face of a .ttc collection, or the font of an .otf file."""
    if source.suffix.lower() != ".ttc":
        return TTFont(source)
    for font in TTCollection(source).fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{source} has no {FAMILY!r} face")


def main() -> None:
    """Subset the font given to the catalogues' characters and write OUTPUT."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or ...sc-Regular.otf")
    parser.add_argument(
        "--catalogue",
        type=Path,
        action="append",
        help="a .ftl file (default: every bot/text/locales/*.ftl)",
    )
    args = parser.parse_args()
    catalogues = args.catalogue or sorted((ROOT / "bot" / "text" / "locales").glob("*.ftl"))

    font = simplified_chinese_face(args.source)
    cmap = font.getBestCmap()
    wanted = catalogue_characters(catalogues) | set(EXTRA)
    covered = sorted(c for c in wanted if ord(c) in cmap)
    skipped = sorted(wanted - set(covered))

    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True  # smaller once compressed, and simpler for FreeType
    options.layout_features = ["vert", "vrt2"]  # no shaping needed beyond vertical forms
    # Copyright, family, style, id, full name, version, PostScript name, licence and its URL.
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in covered])
    subsetter.subset(font)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUTPUT)

    print(f"{OUTPUT.relative_to(ROOT)}: {len(covered)} characters, {OUTPUT.stat().st_size:,} bytes")
    if skipped:
        print(f"not in {FAMILY} (DejaVu Sans or Telegram draws them): {''.join(skipped)}")


if __name__ == "__main__":
    main()
