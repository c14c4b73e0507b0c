// Runs a YOLOv8-layout detector ([1, 4 + C, N]: cx, cy, w, h in input px, then scores) with
// onnxruntime-web's WASM backend under Node: letterbox -> model -> per-anchor best class -> class-aware
// NMS -> boxes in source pixels. Also checks the ONNX numerics against reference tensors written by the
// recipes. Used by both detector recipes (nanodet-coco and shapes-yolov8), so both share one
// preprocessing/postprocessing contract, the one the app implements.
//
// node yolo_detect.mjs --model M.onnx --dir D --size S --labels config.json --out reference.json
//   [--debug-model M_debug.onnx]  compare raw heads + output0 with D/NAME.heads.f32, D/NAME.out0.f32
//   [--check IN.f32 EXPECTED.f32] compare output0 on a fixed input with a reference output
//   [--score 0.35] [--low-score 0.2] [--iou 0.45] [--bench 20] [--model-name nanodet-coco]
// D/images.json lists {name, file, width, height}; D/NAME.rgb holds RGB uint8 pixels; D/NAME.input.f32,
// when present, is the recipe's Python letterbox of the same image (checked against ours).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import * as ort from 'onnxruntime-web';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const checkArgs = process.argv.includes('--check')
  ? process.argv.slice(process.argv.indexOf('--check') + 1, process.argv.indexOf('--check') + 3)
  : null;
const SIZE = Number(args.size);
const SCORE = Number(args.score ?? 0.35);
// Also record weaker detections (context for tests and docs). Greedy NMS never lets a weaker box
// suppress a stronger one, so filtering these at SCORE gives exactly the detections at SCORE.
const LOW = Number(args['low-score'] ?? SCORE);
const IOU = Number(args.iou ?? 0.45);
const PAD = 114 / 255;

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const readF32 = (p) => {
  const b = readFileSync(p);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const maxAbsDiff = (a, b) => {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** The app's letterbox. rgb: HxWx3 uint8 -> Float32Array [1,3,S,S], RGB/255, pad 114/255.
 * scale = min(S/w, S/h); nw = round(w*scale), nh = round(h*scale); left = floor((S-nw)/2),
 * top = floor((S-nh)/2); bilinear with half-pixel centres and edge clamp, no antialiasing. */
export function letterbox(rgb, w, h, S) {
  const scale = Math.min(S / w, S / h);
  const nw = Math.round(w * scale),
    nh = Math.round(h * scale);
  const left = Math.floor((S - nw) / 2),
    top = Math.floor((S - nh) / 2);
  const out = new Float32Array(3 * S * S).fill(PAD);
  const sx = w / nw,
    sy = h / nh;
  for (let y = 0; y < nh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy),
      y1 = Math.min(y0 + 1, h - 1),
      wy = fy - y0;
    for (let x = 0; x < nw; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx),
        x1 = Math.min(x0 + 1, w - 1),
        wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const p00 = rgb[(y0 * w + x0) * 3 + c],
          p01 = rgb[(y0 * w + x1) * 3 + c];
        const p10 = rgb[(y1 * w + x0) * 3 + c],
          p11 = rgb[(y1 * w + x1) * 3 + c];
        const t = p00 * (1 - wx) + p01 * wx,
          b = p10 * (1 - wx) + p11 * wx;
        out[c * S * S + (y + top) * S + (x + left)] = (t * (1 - wy) + b * wy) / 255;
      }
    }
  }
  return { data: out, scale, left, top };
}

const iou = (a, b) => {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter + 1e-9);
};

/** output0 [1, 4+C, N] -> detections in input pixels: best class per anchor, score > thr, class-aware NMS. */
export function postprocess(out, dims, scoreThr, iouThr, maxDet = 100) {
  const [, rows, n] = dims;
  const nc = rows - 4;
  const cands = [];
  for (let i = 0; i < n; i++) {
    let best = -1,
      score = -Infinity;
    for (let c = 0; c < nc; c++) {
      const s = out[(4 + c) * n + i];
      if (s > score) {
        score = s;
        best = c;
      }
    }
    if (score <= scoreThr) continue;
    const cx = out[i],
      cy = out[n + i],
      w = out[2 * n + i],
      h = out[3 * n + i];
    cands.push({ cls: best, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
  }
  cands.sort((a, b) => b.score - a.score);
  const keep = [];
  for (const d of cands) {
    if (keep.some((k) => k.cls === d.cls && iou(k.box, d.box) > iouThr)) continue;
    keep.push(d);
    if (keep.length === maxDet) break;
  }
  return keep;
}

const labels = JSON.parse(readFileSync(args.labels, 'utf8')).id2label;
const images = JSON.parse(readFileSync(join(args.dir, 'images.json'), 'utf8'));
const t0 = performance.now();
const session = await ort.InferenceSession.create(readFileSync(args.model), { executionProviders: ['wasm'] });
const sessionMs = performance.now() - t0;
const inName = session.inputNames[0];
const report = { checks: {}, images: [] };
console.log(
  `model ${basename(args.model)}: inputs ${session.inputNames} outputs ${session.outputNames}; session ${sessionMs.toFixed(0)} ms`,
);

if (args['debug-model']) {
  const dbg = await ort.InferenceSession.create(readFileSync(args['debug-model']), {
    executionProviders: ['wasm'],
  });
  let maxHeads = 0,
    maxOut = 0,
    maxScores = 0,
    maxBoxLogits = 0;
  for (const im of images) {
    const x = readF32(join(args.dir, `${im.name}.input.f32`));
    const res = await dbg.run({ [inName]: new ort.Tensor('float32', x, [1, 3, SIZE, SIZE]) });
    const ref = readF32(join(args.dir, `${im.name}.heads.f32`));
    let off = 0;
    for (const h of im.heads) {
      const t = res[`raw_${h.name.split(':')[0]}`];
      const n = t.data.length;
      const d = maxAbsDiff(t.data, ref.subarray(off, off + n));
      off += n;
      if (h.shape[2] === 80) maxScores = Math.max(maxScores, d);
      else maxBoxLogits = Math.max(maxBoxLogits, d);
      maxHeads = Math.max(maxHeads, d);
    }
    const refOut = readF32(join(args.dir, `${im.name}.out0.f32`));
    maxOut = Math.max(maxOut, maxAbsDiff(res.output0.data, refOut));
    // the shipped model (same graph without the debug outputs) must give the same output0
    const main = await session.run({ [inName]: new ort.Tensor('float32', x, [1, 3, SIZE, SIZE]) });
    maxOut = Math.max(maxOut, maxAbsDiff(main[session.outputNames[0]].data, refOut));
  }
  report.checks.rawHeadsMaxAbsDiff = maxHeads;
  report.checks.rawScoresMaxAbsDiff = maxScores;
  report.checks.rawBoxLogitsMaxAbsDiff = maxBoxLogits;
  report.checks.output0MaxAbsDiffPx = maxOut;
  console.log(
    `ORT vs numpy TF.js graph: raw heads max |diff| ${maxHeads.toExponential(3)} (scores ${maxScores.toExponential(3)}, box logits ${maxBoxLogits.toExponential(3)}); output0 ${maxOut.toExponential(3)}`,
  );
}

if (checkArgs) {
  const x = readF32(checkArgs[0]);
  const res = await session.run({ [inName]: new ort.Tensor('float32', x, [1, 3, SIZE, SIZE]) });
  const got = res.output0.data,
    want = readF32(checkArgs[1]);
  const n = res.output0.dims[2];
  const d = maxAbsDiff(got, want);
  const dBox = maxAbsDiff(got.subarray(0, 4 * n), want.subarray(0, 4 * n));
  const dScore = maxAbsDiff(got.subarray(4 * n), want.subarray(4 * n));
  report.checks.output0MaxAbsDiffVsReference = d;
  report.checks.boxesMaxAbsDiffPxVsReference = dBox;
  report.checks.scoresMaxAbsDiffVsReference = dScore;
  console.log(
    `ORT vs reference output0 (${basename(checkArgs[1])}) max |diff| ${d.toExponential(3)} (boxes ${dBox.toExponential(3)} px, scores ${dScore.toExponential(3)})`,
  );
}

let maxLetterbox = 0;
for (const im of images) {
  const rgb = new Uint8Array(readFileSync(join(args.dir, `${im.name}.rgb`)));
  const lb = letterbox(rgb, im.width, im.height, SIZE);
  const pyInput = join(args.dir, `${im.name}.input.f32`);
  if (existsSync(pyInput)) maxLetterbox = Math.max(maxLetterbox, maxAbsDiff(lb.data, readF32(pyInput)));
  const res = await session.run({ [inName]: new ort.Tensor('float32', lb.data, [1, 3, SIZE, SIZE]) });
  const out = res[session.outputNames[0]];
  const all = postprocess(out.data, out.dims, Math.min(LOW, SCORE), IOU).map((d) => {
    const [x1, y1, x2, y2] = d.box;
    const clip = (v, m) => Math.min(Math.max(v, 0), m);
    const src = [
      clip((x1 - lb.left) / lb.scale, im.width),
      clip((y1 - lb.top) / lb.scale, im.height),
      clip((x2 - lb.left) / lb.scale, im.width),
      clip((y2 - lb.top) / lb.scale, im.height),
    ];
    return {
      label: labels[String(d.cls)],
      classId: d.cls,
      score: Number(d.score.toFixed(4)),
      box: src.map((v) => Number(v.toFixed(1))),
    };
  });
  const dets = all.filter((d) => d.score > SCORE);
  const weak = all.filter((d) => d.score <= SCORE);
  report.images.push({
    file: im.file,
    width: im.width,
    height: im.height,
    letterbox: { scale: lb.scale, left: lb.left, top: lb.top },
    detections: dets,
    ...(LOW < SCORE ? { weakerDetections: weak } : {}),
  });
  const fmt = (ds) =>
    ds
      .map((d) => `${d.label} ${d.score.toFixed(2)} [${d.box.map((v) => v.toFixed(0)).join(',')}]`)
      .join('; ') || '(none)';
  console.log(
    `${im.file}: ${fmt(dets)}${LOW < SCORE ? `\n    weaker (${LOW}..${SCORE}): ${fmt(weak)}` : ''}`,
  );
}
if (images.some((im) => existsSync(join(args.dir, `${im.name}.input.f32`)))) {
  report.checks.letterboxJsVsPythonMaxAbsDiff = maxLetterbox;
  console.log(`letterbox JS vs Python max |diff| ${maxLetterbox.toExponential(3)}`);
}

if (args.bench) {
  const n = Number(args.bench);
  const x = new ort.Tensor('float32', new Float32Array(3 * SIZE * SIZE).fill(0.5), [1, 3, SIZE, SIZE]);
  await session.run({ [inName]: x });
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await session.run({ [inName]: x });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  report.latency = {
    backend: 'onnxruntime-web 1.30.0 wasm, Node, 1 thread',
    runs: n,
    medianMs: Number(times[Math.floor(n / 2)].toFixed(1)),
    minMs: Number(times[0].toFixed(1)),
  };
  console.log(
    `latency: median ${report.latency.medianMs} ms, min ${report.latency.minMs} ms over ${n} runs (wasm, 1 thread)`,
  );
}

const reference = {
  model: args['model-name'] ?? basename(args.model),
  generatedBy: 'models/recipes/nanodet-coco/yolo_detect.mjs',
  runtime: 'onnxruntime-web 1.30.0, wasm backend, Node',
  preprocess: {
    letterbox:
      'scale=min(S/w,S/h); nw=round(w*scale), nh=round(h*scale); left=floor((S-nw)/2), top=floor((S-nh)/2); bilinear, half-pixel centres, no antialias',
    pad: '114/255',
    input: 'RGB / 255, NCHW float32',
    size: SIZE,
  },
  postprocess: {
    scoreThreshold: SCORE,
    ...(LOW < SCORE ? { weakerDetectionsFrom: LOW } : {}),
    perAnchor: 'best class',
    nms: `class-aware, IoU > ${IOU} suppressed`,
    maxDetections: 100,
    boxes: 'xyxy in source-image pixels, clipped to the image',
  },
  checks: report.checks,
  ...(report.latency ? { latency: report.latency } : {}),
  images: report.images,
};
writeFileSync(args.out, JSON.stringify(reference, null, 1) + '\n');
console.log(`wrote ${args.out}`);
