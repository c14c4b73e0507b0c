#!/usr/bin/env bash
# Trains, evaluates and exports the shapes classifier; writes models/shapes-classifier/{onnx/model.onnx,
# config.json, preprocessor_config.json, metrics.json}, the samples public/samples/shape-{1,2,3}.png, and
# beside this script the test fixtures goldens.json, heldout-500.png and heldout-500.json (not shipped).
#
#   bash models/recipes/shapes-classifier/build.sh
#
# Needs Debian's /usr/bin/python3 with python3-torch (1.13), python3-numpy and python3-pil; the images are
# drawn by models/recipes/shapes-yolov8/shapes.py. About 6 min of CPU on 2 cores (rendering ~1 min).
# CPU training is not bit-reproducible across machines: the committed model.onnx is the artefact, and
# metrics.json records what its own run measured. The integration test
# tests/integration/image-classification-service.test.ts checks the export against goldens.json and
# heldout-500.* with ONNX Runtime.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/models/shapes-classifier"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$HERE"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train.py "$WORK/out" "$ROOT/public/samples" "$@"
mkdir -p "$OUT/onnx"
cp "$WORK/out/onnx/model.onnx" "$OUT/onnx/model.onnx"
for f in config.json preprocessor_config.json metrics.json; do cp "$WORK/out/$f" "$OUT/$f"; done
for f in goldens.json heldout-500.png heldout-500.json; do cp "$WORK/out/$f" "$HERE/$f"; done
(cd "$OUT" && ls -l onnx/model.onnx ./*.json && sha256sum onnx/model.onnx ./*.json)
(cd "$ROOT/public/samples" && sha256sum shape-1.png shape-2.png shape-3.png)
