#!/usr/bin/env bash
# Trains, evaluates and exports the shapes detector; writes models/shapes-yolov8/{onnx/model.onnx,
# config.json,metrics.json,reference.json} and the samples public/samples/shapes-{1,2}.{png,json}.
#
#   bash models/recipes/shapes-yolov8/build.sh                        # train (seeded), evaluate, export
#   bash models/recipes/shapes-yolov8/build.sh --keep-run DIR         # ... and keep the run (ema.pt) in DIR
#   bash models/recipes/shapes-yolov8/build.sh --from-checkpoint DIR  # no training: re-evaluate and
#                                                                     # re-export DIR/ema.pt of a kept run
#   bash models/recipes/shapes-yolov8/build.sh --no-train             # keep the committed model.onnx; redo
#                                                                     # samples, config and reference.json
#
# Needs: npm (registry access), node >= 20, Debian's /usr/bin/python3 with python3-torch (1.13),
# python3-numpy and python3-pil. Downloads onnxruntime-web 1.30.0 into a temp dir.
# CPU training is not bit-reproducible across machines/thread schedules: the committed model.onnx is
# the artefact; metrics.json records what its run measured. STEPS=N overrides the step count.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/models/shapes-yolov8"
SAMPLES="$ROOT/public/samples"
PY=/usr/bin/python3
SIZE=256
STEPS=${STEPS:-1400}
MODE=train
KEEP=""
FROM=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-train) MODE=none ;;
    --from-checkpoint) MODE=checkpoint; FROM="$(cd "$2" && pwd)"; shift ;;
    --keep-run) KEEP="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "== fetching onnxruntime-web 1.30.0"
mkdir -p "$WORK/node"
(cd "$WORK/node" && npm init -y >/dev/null && npm i onnxruntime-web@1.30.0 --no-audit --no-fund --silent >/dev/null)
cp "$ROOT/models/recipes/nanodet-coco/yolo_detect.mjs" "$WORK/node/"

cd "$HERE"
mkdir -p "$OUT/onnx"
CHECK=()
if [ "$MODE" = train ]; then
  echo "== training ($STEPS steps)"
  OMP_WAIT_POLICY=PASSIVE "$PY" train.py "$WORK/train" --steps "$STEPS" --size "$SIZE"
elif [ "$MODE" = checkpoint ]; then
  echo "== re-evaluating and re-exporting $FROM/ema.pt"
  "$PY" train.py "$WORK/train" --from-checkpoint "$FROM" --size "$SIZE"
fi
if [ "$MODE" != none ]; then
  cp "$WORK/train/model.onnx" "$OUT/onnx/model.onnx"
  cp "$WORK/train/metrics.json" "$OUT/metrics.json"
  CHECK=(--check "$WORK/train/check_input.f32" "$WORK/train/check_output.f32")
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -r "$WORK/train/." "$KEEP/"; fi
fi

echo "== samples with ground truth"
"$PY" render.py samples "$SAMPLES" --ref-dir "$WORK/ref"
"$PY" write_config.py "$OUT/config.json" "$SIZE"

echo "== ONNX in onnxruntime-web (wasm, Node): check vs torch, reference detections, latency"
(cd "$WORK/node" && node yolo_detect.mjs --model "$OUT/onnx/model.onnx" "${CHECK[@]}" --dir "$WORK/ref" \
  --size "$SIZE" --labels "$OUT/config.json" --score 0.35 --low-score 0.2 --iou 0.45 --bench 20 \
  --model-name shapes-yolov8 --out "$OUT/reference.json")
"$PY" render.py check "$OUT/reference.json" "$SAMPLES"

echo "== outputs"
(cd "$OUT" && ls -l onnx/model.onnx config.json metrics.json reference.json && sha256sum onnx/model.onnx config.json metrics.json reference.json)
(cd "$SAMPLES" && ls -l shapes-1.png shapes-1.json shapes-2.png shapes-2.json && sha256sum shapes-1.png shapes-1.json shapes-2.png shapes-2.json)
