#!/usr/bin/env bash
# Fetches the four sample photos from Debian's python3-skimage package (without installing it)
# and writes them to public/samples/ as JPEG quality 85 without EXIF/ICC. rocket.jpg carries an
# Adobe RGB (1998) ICC profile: it is converted to sRGB first, because a browser would colour-manage it
# when drawing to a canvas and its pixels would no longer match what the recipes decode.
# Needs: apt-get (download only), dpkg, /usr/bin/python3 with PIL (Debian python3-pil).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get download python3-skimage >/dev/null 2>&1 || { echo "apt-get download python3-skimage failed" >&2; exit 1; }
dpkg -x python3-skimage_*.deb x
DATA="$(find x -type d -path '*skimage/data' | head -1)"
OUT="$ROOT/public/samples"
mkdir -p "$OUT"
/usr/bin/python3 - "$DATA" "$OUT" <<'PY'
import sys, io
from PIL import Image, ImageCms
data, out = sys.argv[1], sys.argv[2]
for name in ("astronaut", "chelsea", "coffee"):
    im = Image.open(f"{data}/{name}.png").convert("RGB")
    # No EXIF/ICC is written: the browser and the recipes must decode the same pixels.
    im.save(f"{out}/{name}.jpg", "JPEG", quality=85, optimize=True)
    print(f"{name}.jpg", im.size)
im = Image.open(f"{data}/rocket.jpg")
icc = im.info.get("icc_profile")
if icc:
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    print("rocket.jpg ICC:", ImageCms.getProfileDescription(src).strip(), "-> sRGB")
    im = ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode="RGB")
im.convert("RGB").save(f"{out}/rocket.jpg", "JPEG", quality=85, optimize=True)
print("rocket.jpg", im.size)
PY
echo "skimage package: $(ls python3-skimage_*.deb)"
