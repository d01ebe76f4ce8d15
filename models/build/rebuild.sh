#!/usr/bin/env bash
# Rebuilds models/tiny-kjv/ from scratch: text, split, tokenizer, training, export, checks.
# Development-time tool only: users and CI never run it (the result is committed).
# Needs Debian 12 (root for apt-get), ~1 GB RAM; ~50-65 minutes on 2 cores (training 45-60 min, export + float64 reference ~3 min).
#
#   bash models/build/rebuild.sh          full rebuild (writes models/tiny-kjv/)
#   SMOKE=1 bash models/build/rebuild.sh  20 training steps, output to /tmp/tiny-kjv-smoke
#
# Steps:
#   1. apt packages: torch, onnx, numpy, regex (Debian's python3-*), the KJV text (bible-kjv-text)
#   2. bible -l0 "gen1:1-rev22:21" > work/kjv_raw.txt           (the whole King James Bible)
#   3. prepare_data.py: plain text, chapter split -> work/train.txt, data/calib.txt, data/val.txt
#   4. tokenizer.py train: byte-level BPE (vocab 4096) -> tokenizer.json, tokenizer_config.json
#      tokenizer.py encode: val.txt -> data/val.ids.txt, train.txt -> work/train.ids.txt
#   5. train.py: 400 steps x 4 x 1024 tokens -> work/model.pt, work/curve.tsv, work/train.json
#   6. export.py: model.onnx(+.data), genai_config.json, hf/, reference.json
#   7. Check.java (onnxruntime 1.29.0) and TokCheck.java (DJL tokenizers 0.38.0) if Maven and a JDK exist
set -euo pipefail
cd "$(dirname "$0")"
BUILD=$(pwd)
OUT=$(cd .. && pwd)/tiny-kjv
WORK=$BUILD/work
STEPS=400
BATCH=4
MAXWIN=
if [ "${SMOKE:-0}" = 1 ]; then
  OUT=/tmp/tiny-kjv-smoke; WORK=/tmp/tiny-kjv-smoke-work; STEPS=${SMOKE_STEPS:-20}; MAXWIN=3
fi
PY=/usr/bin/python3            # Debian's python, not a pyenv/venv one: it must see python3-torch
export OPENBLAS_NUM_THREADS=2  # with torch.set_num_threads(1) in the scripts: measured 20x faster than defaults here

if [ "$(id -u)" = 0 ]; then
  apt-get update
  apt-get install -y python3-torch python3-onnx python3-numpy python3-regex libopenblas0-pthread bible-kjv bible-kjv-text
fi

start=$(date +%s)
mkdir -p "$WORK" "$OUT/data" "$OUT/hf"
bible -l0 "gen1:1-rev22:21" > "$WORK/kjv_raw.txt"
$PY prepare_data.py "$WORK/kjv_raw.txt" "$WORK" "$OUT/data"
$PY tokenizer.py train "$WORK/train.txt" "$OUT"
$PY tokenizer.py encode "$OUT/tokenizer.json" "$OUT/data/val.txt" "$OUT/data/val.ids.txt"
$PY tokenizer.py encode "$OUT/tokenizer.json" "$WORK/train.txt" "$WORK/train.ids.txt"
$PY train.py "$WORK" "$OUT/data" $STEPS $BATCH 2>&1 | tee "$WORK/train.log"
$PY export.py "$WORK" "$OUT" $MAXWIN
cp "$WORK/curve.tsv" "$OUT/training_curve.tsv"
# MMLU-layout cloze questions from the validation text (data/mmlu/; the eval mmlu fixture)
rm -rf "$OUT/data/mmlu"
$PY make_mmlu.py "$OUT/data/val.txt" "$WORK/split.json" "$OUT/data/mmlu"
echo "build took $(( $(date +%s) - start )) s"

# Checks against the Java runtimes the project uses (optional: need mvn + JDK 11+).
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
if command -v mvn >/dev/null && [ -x "$JAVA" ]; then
  R=$HOME/.m2/repository
  mvn -q dependency:get -Dartifact=com.microsoft.onnxruntime:onnxruntime:1.29.0
  mvn -q dependency:get -Dartifact=ai.djl.huggingface:tokenizers:0.38.0
  "$JAVA" -cp "$R/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar" Check.java "$OUT"
  CP=$R/ai/djl/huggingface/tokenizers/0.38.0/tokenizers-0.38.0.jar:$R/ai/djl/api/0.38.0/api-0.38.0.jar
  CP=$CP:$R/com/google/code/gson/gson/2.13.1/gson-2.13.1.jar:$R/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
  CP=$CP:$R/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
  "$JAVA" -cp "$CP" TokCheck.java "$OUT"
fi
