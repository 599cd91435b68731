#!/bin/sh
# Regenerates the image fixtures of io.github.colorize.image's tests. Needs ImageMagick 6 (convert,
# compare), exiftool, Pillow (python3-pil) and Ghostscript's ICC profiles
# (/usr/share/color/icc/ghostscript). Not run by the build: the generated files are committed. Every expected value asserted by the tests follows from the
# formulas below, so change both together.
set -eu
cd "$(dirname "$0")"
IM=/usr/bin/convert
ICC=/usr/share/color/icc/ghostscript
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# quadrants: 32 x 24, four 16 x 12 blocks. Colours inside the CMYK gamut, all corners distinct so that
# each of the 8 EXIF orientations moves them to a distinct arrangement.
TL='rgb(200,60,50)'; TR='rgb(60,170,80)'; BL='rgb(50,80,180)'; BR='rgb(235,225,190)'
$IM \( -size 16x12 xc:"$TL" xc:"$TR" +append \) \( -size 16x12 xc:"$BL" xc:"$BR" +append \) -append \
  -depth 8 -type TrueColor "$TMP/quad.png"
$IM "$TMP/quad.png" -strip PNG24:quadrants.png
$IM "$TMP/quad.png" -strip -type TrueColor quadrants.bmp
$IM "$TMP/quad.png" -strip -type TrueColor -compress LZW quadrants.tif
$IM "$TMP/quad.png" -strip PNG8:quadrants-palette.png
$IM "$TMP/quad.png" -strip quadrants.gif
$IM "$TMP/quad.png" -strip -quality 95 -interlace JPEG quadrants-progressive.jpg
# CMYK through a real profile pair, the 5 KB profile embedded: Ghostscript's ps_cmyk.icc rewritten
# as ICC v2 by icc-v2.py (the JDK's LittleCMS cannot re-serialize the v4 original, so TwelveMonkeys
# would drop it). ImageMagick writes Adobe YCCK (APP14 transform 2); Pillow writes plain Adobe CMYK
# (transform 0). Then both again with ImageMagick's naive CMYK (C = 1 - R, ...) and no profile.
/usr/bin/python3 icc-v2.py "$ICC/ps_cmyk.icc" "$TMP/cmyk-v2.icc"
$IM "$TMP/quad.png" -strip -profile "$ICC/srgb.icc" -profile "$TMP/cmyk-v2.icc" -quality 95 quadrants-ycck.jpg
$IM "$TMP/quad.png" -strip -profile "$ICC/srgb.icc" -profile "$TMP/cmyk-v2.icc" -compress LZW "$TMP/cmyk.tif"
$IM "$TMP/quad.png" -strip -colorspace CMYK -quality 95 quadrants-ycck-noprofile.jpg
$IM "$TMP/quad.png" -strip -colorspace CMYK -compress LZW "$TMP/cmyk-naive.tif"
pillow_jpeg() {
  /usr/bin/python3 -c "
import sys; from PIL import Image
extra = {'icc_profile': open(sys.argv[3], 'rb').read()} if len(sys.argv) > 3 else {}
Image.open(sys.argv[1]).save(sys.argv[2], quality=95, **extra)
" "$@"
}
pillow_jpeg "$TMP/cmyk.tif" quadrants-cmyk.jpg "$TMP/cmyk-v2.icc"
pillow_jpeg "$TMP/cmyk-naive.tif" quadrants-cmyk-noprofile.jpg

# EXIF orientation k: the stored pixels are the quadrants transformed by the inverse of what the tag
# asks a viewer to do, so every file displays as quadrants.png.
inverse() {
  case $1 in
    1) echo "" ;; 2) echo "-flop" ;; 3) echo "-rotate 180" ;; 4) echo "-flip" ;;
    5) echo "-transpose" ;; 6) echo "-rotate 270" ;; 7) echo "-transverse" ;; 8) echo "-rotate 90" ;;
  esac
}
for k in 1 2 3 4 5 6 7 8; do
  # shellcheck disable=SC2046
  $IM "$TMP/quad.png" -strip $(inverse $k) -quality 95 "orientation-$k.jpg"
  exiftool -q -overwrite_original -n -Orientation=$k "orientation-$k.jpg"
done
$IM "$TMP/quad.png" -strip -rotate 270 -type TrueColor -compress LZW orientation-6.tif
$IM "$TMP/quad.png" -strip -rotate 270 PNG24:orientation-6.png
exiftool -q -overwrite_original -n -Orientation=6 orientation-6.tif orientation-6.png

# gray: 8-bit ramp along x (v = 7x + y, at most 240) as PGM, then PNG and JPEG; 16-bit values not multiples of 257.
gray8() { echo "P2 32 24 255"; y=0; while [ $y -lt 24 ]; do x=0; while [ $x -lt 32 ]; do
  printf "%d " $((7 * x + y)); x=$((x + 1)); done; echo; y=$((y + 1)); done; }
gray8 > "$TMP/gray8.pgm"
$IM "$TMP/gray8.pgm" -strip gray8.png
$IM "$TMP/gray8.pgm" -strip -quality 95 gray8.jpg
$IM "$TMP/gray8.pgm" -strip -type TrueColor PNG24:gray-as-rgb.png
gray16() { echo "P2 32 24 65535"; y=0; while [ $y -lt 24 ]; do x=0; while [ $x -lt 32 ]; do
  printf '%d ' $(((2039 * x + 97 * y + 5) % 65536)); x=$((x + 1)); done; echo; y=$((y + 1)); done; }
gray16 > "$TMP/gray16.pgm"
$IM "$TMP/gray16.pgm" -strip -depth 16 gray16.png

# 16-bit RGB: r = (2039x + 97y + 5), g = (1031x + 1543y + 11), b = (65535 - 977x - 613y), mod 65536
rgb16() { echo "P3 32 24 65535"; y=0; while [ $y -lt 24 ]; do x=0; while [ $x -lt 32 ]; do
  printf '%d %d %d ' $(((2039 * x + 97 * y + 5) % 65536)) $(((1031 * x + 1543 * y + 11) % 65536)) \
    $(((65535 - 977 * x - 613 * y) % 65536)); x=$((x + 1)); done; echo; y=$((y + 1)); done; }
rgb16 > "$TMP/rgb16.ppm"
$IM "$TMP/rgb16.ppm" -strip -depth 16 rgb16.png
$IM "$TMP/rgb16.ppm" -strip -depth 16 -compress LZW rgb16.tif

# RGBA: rgb = (8x, 10y, 128), alpha = (8x + 10y) mod 256.
rgba() { printf 'P7\nWIDTH 32\nHEIGHT 24\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n' > "$1"
  y=0; while [ $y -lt 24 ]; do x=0; while [ $x -lt 32 ]; do
    printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((8 * x)) $((10 * y)) 128 $(((8 * x + 10 * y) % 256)))" >> "$1"
    x=$((x + 1)); done; y=$((y + 1)); done; }
rgba "$TMP/rgba.pam"
$IM "$TMP/rgba.pam" -strip PNG32:rgba.png

# Broken inputs.
head -c 600 quadrants-progressive.jpg > truncated.jpg
head -c 200 rgb16.png > truncated.png
printf 'this is a text file, not an image\n' > not-an-image.jpg
: > empty.png
# A WebP header (RIFF....WEBPVP8 ), which no installed ImageIO plugin reads.
printf 'RIFF\044\000\000\000WEBPVP8 \030\000\000\000' > unsupported.webp
head -c 32 /dev/zero >> unsupported.webp

# Check: ImageMagick's own auto-orient of each orientation file gives the quadrants back.
# ImageMagick 6 ignores a PNG's eXIf chunk, so the PNG is checked through exiftool.
[ "$(exiftool -n -s3 -Orientation orientation-6.png)" = 6 ] || { echo "orientation-6.png: no tag"; exit 1; }
for f in orientation-*.jpg orientation-*.tif; do
  $IM "$f" -auto-orient "$TMP/o.png"
  [ "$($IM "$TMP/o.png" -format '%wx%h' info:)" = 32x24 ] || { echo "$f: bad size"; exit 1; }
  [ "$(compare -metric AE -fuzz 6% "$TMP/o.png" "$TMP/quad.png" null: 2>&1)" = 0 ] || { echo "$f: bad pixels"; exit 1; }
done
# The reference decode of the CMYK files (LittleCMS inside ImageMagick), quoted in the tests.
reference() {
  echo "$1: $($IM "$1" $2 -depth 8 -format '%[pixel:p{8,6}] %[pixel:p{24,6}] %[pixel:p{8,18}] %[pixel:p{24,18}]' info:)"
}
for f in quadrants-ycck.jpg quadrants-cmyk.jpg; do reference $f "-profile $ICC/srgb.icc"; done
for f in quadrants-ycck-noprofile.jpg quadrants-cmyk-noprofile.jpg; do reference $f "-colorspace sRGB"; done
