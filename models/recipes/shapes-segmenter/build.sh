#!/usr/bin/env bash
# Trains, evaluates and exports the shapes segmenter; writes models/shapes-segmenter/{onnx/model.onnx,
# config.json, preprocessor_config.json, metrics.json}, the samples public/samples/segment-{1,2}.png, and
# beside this script the test fixtures goldens.json, heldout-16.png, heldout-16-mask.png and heldout-16.json
# (not shipped).
#
#   bash models/recipes/shapes-segmenter/build.sh
#
# Needs Debian's /usr/bin/python3 with python3-torch (1.13), python3-numpy and python3-pil; the scenes are
# drawn with pieces of models/recipes/shapes-yolov8/shapes.py. About 17 min on 2 shared cores at load ~20
# (rendering 2 min, training 15.5 min).
# CPU training is not bit-reproducible across machines: the committed model.onnx is the artefact, and
# metrics.json records what its own run measured. tests/integration/segmentation-service.test.ts checks the
# export against goldens.json and heldout-16.* with ONNX Runtime.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/models/shapes-segmenter"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$HERE"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train.py "$WORK/out" "$ROOT/public/samples" "$@"
mkdir -p "$OUT/onnx"
cp "$WORK/out/onnx/model.onnx" "$OUT/onnx/model.onnx"
for f in config.json preprocessor_config.json metrics.json; do cp "$WORK/out/$f" "$OUT/$f"; done
for f in goldens.json heldout-16.png heldout-16-mask.png heldout-16.json; do cp "$WORK/out/$f" "$HERE/$f"; done
(cd "$OUT" && ls -l onnx/model.onnx ./*.json && sha256sum onnx/model.onnx ./*.json)
(cd "$ROOT/public/samples" && sha256sum segment-1.png segment-2.png)
