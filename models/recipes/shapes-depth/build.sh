#!/usr/bin/env bash
# Trains, evaluates and exports the shapes depth model; writes models/shapes-depth/{onnx/model.onnx,
# config.json, preprocessor_config.json, metrics.json}, the samples public/samples/depth-1.png, and
# beside this script the test fixture goldens.json (not shipped).
#
#   bash models/recipes/shapes-depth/build.sh
#
# Needs Debian's /usr/bin/python3 with python3-torch (1.13), python3-numpy and python3-pil; the scenes are
# drawn with pieces of models/recipes/shapes-yolov8/shapes.py and the net is the segmenter's.
# CPU training is not bit-reproducible across machines: the committed model.onnx is the artefact, and
# metrics.json records what its own run measured. tests/integration/dense-image-service.test.ts checks the
# export against goldens.json with ONNX Runtime.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/models/shapes-depth"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$HERE"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train.py "$WORK/out" "$ROOT/public/samples" "$@"
mkdir -p "$OUT/onnx"
cp "$WORK/out/onnx/model.onnx" "$OUT/onnx/model.onnx"
for f in config.json preprocessor_config.json metrics.json; do cp "$WORK/out/$f" "$OUT/$f"; done
for f in goldens.json; do cp "$WORK/out/$f" "$HERE/$f"; done
(cd "$OUT" && ls -l onnx/model.onnx ./*.json && sha256sum onnx/model.onnx ./*.json)
(cd "$ROOT/public/samples" && sha256sum depth-1.png)
