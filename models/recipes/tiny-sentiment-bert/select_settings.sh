#!/usr/bin/env bash
# Re-runs the model-selection experiment behind train.py's TRAIN defaults: five settings, each trained
# on three different validation carves of the training pool (--fold-seed 1..3), validation accuracy
# only (--no-export never touches the test split or the model folder). ~25 min on 2 shared cores.
# Run after build.sh has written tokenizer.json (or after build_tokenizer.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../tiny-sentiment-bert"
python="${PYTHON:-/usr/bin/python3}"
cd "$here"

declare -A settings=(
  [no-lexicon]="--lexicon-phrases-per-epoch 0 --lexicon-embedding-scale 0 --token-mask-prob 0 --dropout 0.1"
  [prior]="--lexicon-phrases-per-epoch 0 --token-mask-prob 0 --dropout 0.1"
  [prior+phrases]="--token-mask-prob 0 --dropout 0.1"
  [prior+phrases+reg]=""
  [prior+reg]="--lexicon-phrases-per-epoch 0"
)
for name in no-lexicon prior prior+phrases prior+phrases+reg prior+reg; do
  line="$name"
  for fold in 1 2 3; do
    # shellcheck disable=SC2086
    acc="$("$python" train.py .cache "$out" --no-export --fold-seed "$fold" ${settings[$name]} |
      sed -n 's/.*best validation accuracy \([0-9.]*\).*/\1/p')"
    line="$line $acc"
  done
  echo "$line" | awk '{ printf "%-20s %s %s %s  mean %.4f\n", $1, $2, $3, $4, ($2 + $3 + $4) / 3 }'
done
