#!/bin/sh
# Fetches the World English Bible (public domain) from Debian's sword-text-web package and extracts plain
# text into build/corpus.txt, checking both against the hashes this model was trained from. Needs apt
# (Debian bookworm's package lists); no other network access.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="$here/build"
mkdir -p "$build/deb"
cd "$build/deb"
[ -f sword-text-web_426.0-1_all.deb ] || apt-get download sword-text-web=426.0-1
echo "930b23670b352f0829a306501de4bebb5e654a2df02cde2cbe86b802177868e1  sword-text-web_426.0-1_all.deb" | sha256sum -c -
dpkg -x sword-text-web_426.0-1_all.deb extracted
/usr/bin/python3 "$here/extract_corpus.py" extracted/usr/share/sword/modules/texts/ztext/engWEB2015eb "$build/corpus.txt"
cd "$build"
echo "d88c6f4516c10e37043dcb52ce443b00af45cc0f2d2d6bef9978512200ea94b8  corpus.txt" | sha256sum -c -
