"""Adds run-capture goldens to reference.json: for the first reference sentence, the layer-0 attention
probabilities and the pooler output of the PyTorch model, with the weights read back from the exported
onnx/model.onnx (so the goldens belong to the committed file, without retraining). The PyTorch model is
train.py's own module code; its logits are checked against reference.json's before anything is written.
Usage: capture_goldens.py MODEL_DIR   (Debian's python3-torch and python3-onnx)
"""
import json
import os
import sys

import onnx
import torch
from onnx import numpy_helper

from train import CONFIG, LABELS, F, BertForSequenceClassification, batch_tensors, write_json


def state_from_onnx(model, onnx_path):
    """Parameters by name: initializers named like them, and Linear weights fed to a MatMul node whose
    name is the module path (/bert/encoder/layer.0/attention/self/query/MatMul), stored transposed."""
    graph = onnx.load(onnx_path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    by_matmul = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.name.endswith("/MatMul") and node.input[1] in inits:
            module = node.name[1 : -len("/MatMul")].replace("/", ".")
            by_matmul[module + ".weight"] = inits[node.input[1]].T
    state = {}
    for name in model.state_dict():
        array = inits.get(name)
        if array is None:
            array = by_matmul.get(name)
        if array is None:
            raise SystemExit(f"no ONNX initializer for {name}")
        state[name] = torch.from_numpy(array.copy())
    return state


@torch.no_grad()
def main():
    out = sys.argv[1]
    reference_path = os.path.join(out, "reference.json")
    with open(reference_path, encoding="utf-8") as f:
        reference = json.load(f)
    model = BertForSequenceClassification(CONFIG, len(LABELS))
    model.load_state_dict(state_from_onnx(model, os.path.join(out, "onnx", "model.onnx")))
    model.eval()
    case = reference["cases"][0]

    probs = []
    softmax = F.softmax

    def recording_softmax(*args, **kwargs):
        result = softmax(*args, **kwargs)
        probs.append(result)
        return result

    pooled = []
    hook = model.bert.pooler.register_forward_hook(lambda _m, _i, output: pooled.append(output))
    F.softmax = recording_softmax
    try:
        logits = model(*batch_tensors([case["input_ids"]]))[0]
    finally:
        F.softmax = softmax
        hook.remove()
    drift = max(abs(float(a) - b) for a, b in zip(logits, case["logits"]))
    if drift > 1e-5:
        raise SystemExit(f"weights read from the ONNX file give logits {drift} away from reference.json")
    attention = probs[0]
    reference["capture"] = {
        "about": "Run-capture goldens (capture_goldens.py): the first case's layer-0 attention probabilities [1, heads, T, T] and pooler output [1, hidden], from the PyTorch module with the ONNX file's weights.",
        "text": case["text"],
        "input_ids": case["input_ids"],
        "attentionLayer0": {"shape": list(attention.shape), "data": [float(v) for v in attention.flatten()]},
        "pooler": {"shape": list(pooled[0].shape), "data": [float(v) for v in pooled[0].flatten()]},
    }
    write_json(reference_path, reference)
    print(f"capture goldens written to {reference_path} (logit drift {drift:.2e})")


if __name__ == "__main__":
    main()
