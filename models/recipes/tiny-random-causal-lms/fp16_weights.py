"""Writes onnx/model_fp16.onnx next to a hub-layout model's onnx/model.onnx: its float32 weights stored as
float16, each followed by a Cast back to float32, so the graph's inputs, outputs and arithmetic stay
float32 and the file is about half the size. A second precision variant for the hub-box tests (the
dtype list with sizes, the chosen file downloaded); not what a transformers.js fp16 export computes.

Deterministic (no training, no randomness). Needs only python3-onnx.

Usage (from the repository root):
  /usr/bin/python3 models/recipes/tiny-random-causal-lms/fp16_weights.py tests/fixtures/hub/glassbox/tiny-random-gpt2
"""

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def fp16_weights(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    kept, casts = [], []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or int(np.prod(init.dims)) < 16:
            kept.append(init)  # scalars and small constants stay as they are
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), f"{init.name}_fp16")
        kept.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=f"{init.name}_cast"))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def main() -> None:
    folder = Path(sys.argv[1])
    model = onnx.load(str(folder / "onnx/model.onnx"))
    out = folder / "onnx/model_fp16.onnx"
    onnx.save(fp16_weights(model), str(out))
    onnx.checker.check_model(str(out))
    print(f"{out}: {out.stat().st_size} bytes (fp32: {(folder / 'onnx/model.onnx').stat().st_size})")


if __name__ == "__main__":
    main()
