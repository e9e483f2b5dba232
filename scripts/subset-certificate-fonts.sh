#!/bin/sh
# Regenerates app/modules/certificates/fonts/: Noto Serif (regular, bold, italic) cut down to the
# Latin letters Vietnamese needs (all tone marks), Latin-1, Latin Extended-A, punctuation and a few
# symbols, with every OpenType feature kept (stacked tone marks are placed by GPOS). A certificate
# thread parses and shapes these ~1,100-glyph faces instead of the full 3,784-glyph ones, which
# saves ~100 ms at each thread's start; any text outside the set is drawn with the full faces
# (certificate-pdf.mjs). See docs/decisions/0042-certificate-font-subset.md.
# Needs fontTools (Debian: apt-get install python3-fonttools). Not run by the build or the tests:
# the generated files are committed.
set -eu
cd "$(dirname "$0")/.."
SRC=node_modules/@expo-google-fonts/noto-serif
OUT=app/modules/certificates/fonts
UNICODES="U+0020-007E,U+00A0-00FF,U+0100-017F,U+0192,U+01A0-01B0,U+01CD-01DC,U+0259,U+02B9-02DD,U+0300-0323,U+0326-0328,U+1E00-1EFF,U+2000-206F,U+20AB,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+25CC,U+FB00-FB04,U+FEFF,U+FFFD"
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
for face in 400Regular/NotoSerif_400Regular 700Bold/NotoSerif_700Bold 400Regular_Italic/NotoSerif_400Regular_Italic; do
  "$PY" -m fontTools.subset "$SRC/$face.ttf" --unicodes="$UNICODES" --layout-features='*' \
    --name-IDs='*' --name-legacy --name-languages='*' --notdef-outline --recommended-glyphs \
    --output-file="$OUT/$(basename "$face")-vi.ttf"
done
cp "$SRC/LICENSE_FONT" "$OUT/OFL.txt"
ls -l "$OUT"
