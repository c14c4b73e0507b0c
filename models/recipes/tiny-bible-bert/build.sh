#!/usr/bin/env bash
# Rebuilds models/tiny-bible-bert end to end: corpus (tiny-bible-gpt's extraction of Debian's sword-text-web,
# the World English Bible, public domain) -> a 4,096-token lowercase WordPiece vocabulary built from it ->
# masked-LM training on CPU (8 CPU minutes) -> hub-layout export (config.json, onnx/model.onnx) with
# PyTorch goldens (reference.json) and held-out metrics (metrics.json) -> the file table for
# models/README.md. Then rebuilds the tiny random BertForMaskedLM of tests/fixtures/hub (mask token <mask>).
# Needs: apt (Debian bookworm lists), /usr/bin/python3 with Debian's python3-torch and python3-onnx. The
# app's check of the export is the integration test tests/integration/fill-mask-service.test.ts (ONNX
# Runtime must give the goldens' fillers). Speed: as tiny-bible-gpt, with OPENBLAS=1 (default) the recipe
# unpacks Debian's libopenblas0-pthread into build/ for its own processes (nothing is installed). CPU
# training is not bit-reproducible across machines and loads: models/README.md lists the committed files'
# hashes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$repo/models/tiny-bible-bert"
build="$here/build"
python="${PYTHON:-/usr/bin/python3}"
corpus="$repo/models/recipes/tiny-bible-gpt/build/corpus.txt"

"$repo/models/recipes/tiny-bible-gpt/fetch_corpus.sh"
mkdir -p "$build/deb" "$out"
if [ "${OPENBLAS:-1}" = 1 ]; then
  (cd "$build/deb" && { [ -f libopenblas0-pthread_0.3.21+ds-4_amd64.deb ] || apt-get download libopenblas0-pthread=0.3.21+ds-4; } &&
    dpkg -x libopenblas0-pthread_0.3.21+ds-4_amd64.deb "$build/openblas")
  export LD_LIBRARY_PATH="$build/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread" OPENBLAS_NUM_THREADS=1
fi
cd "$here"
"$python" train_tokenizer.py "$corpus" "$out" 4096
rm -f "$build/sequences.json"
"$python" train.py --corpus "$corpus" --tokenizer "$out/tokenizer.json" --out "$build/checkpoint.pt" \
  --cpu-minutes 8 --max-wall-minutes 45 --threads "${THREADS:-1}" --batch 64 --lr 2e-3 --seed 1234
"$python" export.py "$build/checkpoint.pt" "$out"
"$python" tiny_random.py "$corpus" "$repo/tests/fixtures/hub/glassbox/tiny-random-bert-mlm"
"$python" "$repo/models/recipes/tiny-sentiment-bert/file_table.py" "$out"
