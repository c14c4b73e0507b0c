"""Reads a TF.js graph model (model.json + weight shards) and evaluates it with numpy.

`load_graph` returns the nodes and the constants (fp16-quantised weights are widened to float32, which
is exact). `evaluate` is a small, direct interpreter of the TensorFlow ops this NanoDet graph uses,
following TensorFlow's semantics (NHWC Conv2D/MaxPool, half-pixel ResizeBilinear) and computing in
float64. It shares no code with the ONNX converter beyond constant loading, so it serves as the
independent reference the ONNX model is checked against.
"""
from __future__ import annotations

import base64
import json
import os

import numpy as np

_DTYPES = {"float32": np.float32, "int32": np.int32, "uint8": np.uint8, "bool": np.bool_}


def load_graph(model_json: str):
    """Returns (nodes: list of dicts, consts: name -> np.ndarray, signature dict)."""
    with open(model_json) as f:
        g = json.load(f)
    base = os.path.dirname(model_json)
    consts: dict[str, np.ndarray] = {}
    for group in g["weightsManifest"]:
        buf = b"".join(open(os.path.join(base, p), "rb").read() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            shape = [int(s) for s in w["shape"]]
            n = int(np.prod(shape)) if shape else 1
            q = w.get("quantization")
            if q:
                if q["dtype"] != "float16":
                    raise ValueError(f"unsupported quantisation {q} for {w['name']}")
                a = np.frombuffer(buf, "<f2", n, off).astype(np.float32)
                off += 2 * n
            else:
                dt = np.dtype(_DTYPES[w["dtype"]]).newbyteorder("<")
                a = np.frombuffer(buf, dt, n, off).astype(_DTYPES[w["dtype"]])
                off += dt.itemsize * n
            consts[w["name"]] = a.reshape(shape)
        if off != len(buf):
            raise ValueError(f"weights manifest covers {off} bytes of {len(buf)}")
    nodes = g["modelTopology"]["node"]
    return nodes, consts, g.get("signature", {})


def attr(node, key, default=None):
    a = node.get("attr", {}).get(key)
    if a is None:
        return default
    if "i" in a:
        return int(a["i"])
    if "f" in a:
        return float(a["f"])
    if "b" in a:
        return bool(a["b"])
    if "s" in a:
        return base64.b64decode(a["s"]).decode()
    if "list" in a:
        lst = a["list"]
        if "i" in lst:
            return [int(v) for v in lst["i"]]
        if "f" in lst:
            return [float(v) for v in lst["f"]]
        return []
    return a


def split_ref(ref: str):
    """'name:1' -> ('name', 1); 'name' -> ('name', 0)."""
    if ":" in ref:
        n, i = ref.rsplit(":", 1)
        return n, int(i)
    return ref, 0


def topo_order(nodes):
    by_name = {n["name"]: n for n in nodes}
    seen, order = set(), []

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for r in by_name[name].get("input", []):
            visit(split_ref(r)[0])
        order.append(by_name[name])

    for n in nodes:
        visit(n["name"])
    return order


# ----------------------------------------------------------------------------- numpy kernels (TF semantics)

def conv2d_nhwc(x, w, strides, padding, dilations):
    """x [N,H,W,Ci], w [kh,kw,Ci,Co] (HWIO), VALID padding only (the graph pads explicitly)."""
    if padding != "VALID":
        raise NotImplementedError(f"Conv2D padding {padding}")
    if any(d != 1 for d in dilations):
        raise NotImplementedError("dilated Conv2D")
    kh, kw, ci, co = w.shape
    if x.shape[3] != ci:
        raise NotImplementedError(f"grouped Conv2D: input channels {x.shape[3]}, filter {ci}")
    sh, sw = strides[1], strides[2]
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  # N,Ho,Wo,Ci,kh,kw
    return np.einsum("nhwcij,ijco->nhwo", win, w, optimize=True)


def maxpool_nhwc(x, ksize, strides, padding):
    if padding != "VALID":
        raise NotImplementedError(f"MaxPool padding {padding}")
    win = np.lib.stride_tricks.sliding_window_view(x, (ksize[1], ksize[2]), axis=(1, 2))[:, ::strides[1], ::strides[2]]
    return win.max(axis=(-1, -2))


def resize_bilinear_nhwc(x, size, align_corners, half_pixel_centers):
    """tf.image.resize_bilinear (TF1 kernel semantics)."""
    n, h, w, c = x.shape
    oh, ow = int(size[0]), int(size[1])
    if align_corners:
        raise NotImplementedError("align_corners")

    def coords(out_len, in_len):
        scale = in_len / out_len
        o = np.arange(out_len, dtype=np.float64)
        src = (o + 0.5) * scale - 0.5 if half_pixel_centers else o * scale
        lo_f = np.floor(src)
        lo = np.clip(lo_f.astype(int), 0, in_len - 1)
        hi = np.clip(np.ceil(src).astype(int), 0, in_len - 1)
        return lo, hi, src - lo_f

    y0, y1, fy = coords(oh, h)
    x0, x1, fx = coords(ow, w)
    fy = fy[None, :, None, None]
    fx = fx[None, None, :, None]
    top = x[:, y0][:, :, x0] + (x[:, y0][:, :, x1] - x[:, y0][:, :, x0]) * fx
    bot = x[:, y1][:, :, x0] + (x[:, y1][:, :, x1] - x[:, y1][:, :, x0]) * fx
    return top + (bot - top) * fy


def sparse_to_dense(indices, output_shape, values, default):
    out = np.full(np.asarray(output_shape).reshape(-1), default, dtype=np.asarray(values).dtype)
    idx = np.asarray(indices)
    idx = idx.reshape(-1, 1) if idx.ndim == 1 else idx.reshape(1, 1) if idx.ndim == 0 else idx
    vals = np.broadcast_to(values, (idx.shape[0],))
    for k in range(idx.shape[0]):
        out[tuple(idx[k])] = vals[k]
    return out


def run_op(node, ins):
    op = node["op"]
    if op in ("Identity",):
        return [ins[0]]
    if op in ("Add", "AddV2"):
        return [ins[0] + ins[1]]
    if op == "Transpose":
        return [np.transpose(ins[0], ins[1].astype(int))]
    if op == "Pad":
        return [np.pad(ins[0], ins[1].astype(int), mode="constant", constant_values=0)]
    if op == "PadV2":
        return [np.pad(ins[0], ins[1].astype(int), mode="constant", constant_values=ins[2].item())]
    if op == "Conv2D":
        if attr(node, "data_format", "NHWC") != "NHWC":
            raise NotImplementedError("Conv2D data_format")
        return [conv2d_nhwc(ins[0], ins[1], attr(node, "strides"), attr(node, "padding"), attr(node, "dilations", [1, 1, 1, 1]))]
    if op == "LeakyRelu":
        a = attr(node, "alpha", 0.2)
        return [np.where(ins[0] >= 0, ins[0], ins[0] * a)]
    if op == "MaxPool":
        if attr(node, "data_format", "NHWC") != "NHWC":
            raise NotImplementedError("MaxPool data_format")
        return [maxpool_nhwc(ins[0], attr(node, "ksize"), attr(node, "strides"), attr(node, "padding"))]
    if op == "ConcatV2":
        return [np.concatenate(ins[:-1], axis=int(ins[-1]))]
    if op == "ResizeBilinear":
        return [resize_bilinear_nhwc(ins[0], ins[1], attr(node, "align_corners", False), attr(node, "half_pixel_centers", False))]
    if op == "SplitV":
        sizes = [int(s) for s in ins[1]]
        axis = int(ins[2])
        if -1 in sizes:
            k = sizes.index(-1)
            sizes[k] = ins[0].shape[axis] - (sum(sizes) + 1)
        return np.split(ins[0], np.cumsum(sizes)[:-1], axis=axis)
    if op == "Sigmoid":
        return [1 / (1 + np.exp(-ins[0]))]
    if op == "Reshape":
        return [np.reshape(ins[0], ins[1].astype(int))]
    if op == "SparseToDense":
        return [sparse_to_dense(*ins)]
    raise NotImplementedError(f"op {op} ({node['name']})")


def evaluate(nodes, consts, feeds: dict, outputs: list[str], dtype=np.float64):
    """Evaluates the graph. feeds: placeholder name -> array. Float constants are cast to `dtype`."""
    vals: dict[str, list] = {}
    for node in topo_order(nodes):
        name = node["name"]
        if node["op"] == "Const":
            c = consts[name]
            vals[name] = [c.astype(dtype) if c.dtype.kind == "f" else c]
        elif node["op"] == "Placeholder":
            vals[name] = [np.asarray(feeds[name], dtype=dtype)]
        else:
            ins = []
            for r in node.get("input", []):
                if r.startswith("^"):
                    continue
                n, i = split_ref(r)
                ins.append(vals[n][i])
            vals[name] = run_op(node, ins)
    return {o: vals[split_ref(o)[0]][split_ref(o)[1]] for o in outputs}
