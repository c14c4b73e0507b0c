#!/usr/bin/env bash
# Rebuilds models/tiny-bible-gpt end to end: corpus from Debian's sword-text-web -> byte-level BPE tokenizer
# -> training (CPU) -> hub-layout export with KV cache -> PyTorch goldens (reference.json) and samples ->
# check with @huggingface/tokenizers and onnxruntime-web -> metrics.json -> the file table for
# models/README.md. Then rebuilds the tiny random test models in tests/fixtures/hub (their tokenizers are
# trained on the same corpus).
# Needs: apt (Debian bookworm lists), /usr/bin/python3 with Debian's python3-torch, python3-onnx and
# python3-regex, and the repo's node_modules (`npm ci` at the root) for the JS check.
# Speed: Debian's torch links the reference BLAS (about 1 GFLOP/s here). With OPENBLAS=1 the recipe unpacks
# Debian's libopenblas0-pthread into build/ and points the loader at it for its own processes only (about
# 25x faster on one thread); nothing is installed. CPU training is not bit-reproducible across machines
# and BLAS libraries: the committed files are the ones whose hashes models/README.md lists.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$repo/models/tiny-bible-gpt"
build="$here/build"
python="${PYTHON:-/usr/bin/python3}"
prompt="In the beginning, God"

"$here/fetch_corpus.sh"
if [ "${OPENBLAS:-1}" = 1 ]; then
  (cd "$build/deb" && { [ -f libopenblas0-pthread_0.3.21+ds-4_amd64.deb ] || apt-get download libopenblas0-pthread=0.3.21+ds-4; } &&
    dpkg -x libopenblas0-pthread_0.3.21+ds-4_amd64.deb "$build/openblas")
  export LD_LIBRARY_PATH="$build/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread" OPENBLAS_NUM_THREADS=1
fi
cd "$here"
"$python" train_tokenizer.py "$build/corpus.txt" "$build/tokenizer.json" 3072
rm -f "$build/tokens.pt"
"$python" train.py --corpus "$build/corpus.txt" --tokenizer "$build/tokenizer.json" --out "$build/checkpoint.pt" \
  --cpu-minutes 14 --max-wall-minutes 30 --threads "${THREADS:-1}" --batch 8 --lr 2e-3 --seed 1234
"$python" write_model.py "$build/checkpoint.pt" "$build/tokenizer.json" "$out"
"$python" goldens.py "$out" "$build/checkpoint.pt" "$prompt"
"$python" samples.py "$build/checkpoint.pt" "$out/tokenizer.json" "$build/samples.json"
cd "$repo"
node models/recipes/tiny-bible-gpt/verify.mjs models/tiny-bible-gpt >"$build/verify.json"
"$python" "$here/write_metrics.py" "$build/checkpoint.pt" "$build/verify.json" "$build/samples.json" "$build/tokens.pt" "$out/metrics.json"
"$python" models/recipes/tiny-random-causal-lms/build.py "$build/corpus.txt"
for m in tiny-random-gpt2 tiny-random-llama; do node models/recipes/tiny-bible-gpt/verify.mjs "tests/fixtures/hub/glassbox/$m"; done
"$python" models/recipes/tiny-sentiment-bert/file_table.py "$out"
