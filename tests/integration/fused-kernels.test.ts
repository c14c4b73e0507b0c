// ORT's fused kernels mapped back to the graph, with real ONNX Runtime (WASM in Node) on the embedded
// models: the tiny BERT's LayerNormalization, FusedMatMul, BiasGelu and FusedGemm kernels, YOLOv8's
// QuickGelu and NanoDet's FusedConv each land on the nodes they replaced, and the kernel time that the
// name-only matching used to drop is placed (none is counted twice).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeTiming } from '../../src/lib/capture/capture-types.ts';
import type { FusedReport } from '../../src/lib/capture/fused-ops.ts';
import { indexRunOverlay, runOverlayOf, type IndexedOverlay } from '../../src/lib/capture/run-overlay.ts';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { buildGraphIR } from '../../src/lib/graph/index.ts';
import type { GraphIR } from '../../src/lib/graph/graph-types.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';
import { installNodeProfileTap } from '../support/profile-tap.ts';

installNodeProfileTap();

function modelOf(id: string) {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  const bytes = readFileSync(resolve(REPO_ROOT, entry.folder, 'onnx/model.onnx'));
  const ir = buildGraphIR(decodeModel(new Uint8Array(bytes)));
  return { entry, ir, location: embeddedLocation(entry, REPO_ORIGIN + entry.folder) };
}

/** Before this mapping: a timing counted only when exactly one node had its name. */
function droppedByNameOnly(ir: GraphIR, timings: readonly NodeTiming[]): number {
  const names = new Map<string, number>();
  for (const node of ir.nodes) names.set(node.name, (names.get(node.name) ?? 0) + 1);
  return timings.filter((t) => names.get(t.node) !== 1).reduce((sum, t) => sum + t.ms, 0);
}

function totalTime(indexed: IndexedOverlay): number {
  let sum = 0;
  for (const metrics of indexed.byNode.values()) sum += metrics.time ?? 0;
  return sum;
}

/** The before/after figure for docs/benchmark.md (the report says which load it ran under). */
function figure(id: string, fused: FusedReport, before: number): void {
  const share = (part: number) => `${((100 * part) / fused.totalMs).toFixed(1)} %`;
  const nodes = fused.groups.reduce((sum, group) => sum + group.nodeIds.length, 0);
  // eslint-disable-next-line no-console -- a figure for the report (machine load varies)
  console.log(
    `${id}: kernel time ${fused.totalMs.toFixed(3)} ms; unmatched before ${before.toFixed(3)} ms ` +
      `(${share(before)}), after ${fused.unmappedMs.toFixed(3)} ms (${share(fused.unmappedMs)}); ` +
      `${fused.groups.length} fused kernels over ${nodes} nodes; ${fused.removed} nodes removed by ORT`,
  );
}

describe('fused kernels of the tiny BERT', () => {
  const { ir, location } = modelOf('tiny-sentiment-bert');
  const inference = nodeInferenceService();

  it('maps every fused kernel back to the nodes it replaced', { timeout: 60_000 }, async () => {
    await inference.load('text-classification', location, 'wasm');
    await inference.classify(location.key, 'wasm', ['A gripping, beautifully acted film.']);
    const capture = await inference.captureRun('text-classification', location.key, 'wasm');
    const timings = await inference.profileRun('text-classification', location.key, 'wasm');
    const indexed = indexRunOverlay(
      ir,
      runOverlayOf(capture, { timings: { backend: 'wasm', nodes: timings } }),
    );
    const fused = indexed.fused;
    if (!fused) throw new Error('no fused report');

    const before = droppedByNameOnly(ir, timings);
    // The name-only matching dropped every fused kernel; now none is left.
    expect(before).toBeGreaterThan(0);
    expect(fused.unmapped).toEqual([]);
    expect(indexed.unmatched.timings).toBe(0);
    expect(fused.mappedMs).toBeCloseTo(before, 9);
    // Every kernel's time is on the graph exactly once.
    expect(totalTime(indexed)).toBeCloseTo(fused.totalMs, 9);

    const byOp = (op: string) => fused.groups.filter((group) => group.opType === op);
    // Five LayerNorms (embeddings, and two per layer), each the whole decomposed chain, by name.
    const norms = byOp('LayerNormalization');
    expect(norms).toHaveLength(5);
    for (const norm of norms) {
      expect(norm.how).toBe('name');
      const ops = norm.nodeIds.map((id) => ir.nodes.find((node) => node.id === id)?.opType).sort();
      expect(ops).toEqual(['Add', 'Add', 'Div', 'Mul', 'Pow', 'ReduceMean', 'ReduceMean', 'Sqrt', 'Sub']);
      expect(norm.nodeNames.at(-1)).toMatch(/LayerNorm\/Add_1$/);
    }
    // Two BiasGelus with generated names, placed by structure: layer 0's and layer 1's, not swapped.
    const gelus = byOp('BiasGelu');
    expect(gelus.map((group) => group.how)).toEqual(['structure', 'structure']);
    for (const gelu of gelus) {
      const layer = timings.find((t) => t.node === gelu.kernel)?.order ?? 0;
      const other = gelus.find((g) => g !== gelu);
      const otherOrder = timings.find((t) => t.node === other?.kernel)?.order ?? 0;
      const ownLayer = layer < otherOrder ? 'layer.0' : 'layer.1';
      expect(gelu.nodeNames.every((name) => name.includes(`/encoder/${ownLayer}/`))).toBe(true);
      expect(gelu.nodeNames.some((name) => name.endsWith('/Erf'))).toBe(true);
    }
    // The attention scores' MatMul + scale, and the pooler's Gemm + Tanh.
    expect(byOp('FusedMatMul').map((group) => group.nodeIds.length)).toEqual([2, 2]);
    expect(byOp('FusedGemm')[0]?.nodeNames.at(-1)).toBe('/bert/pooler/activation/Tanh');

    figure('tiny-sentiment-bert', fused, before);
  });
});

describe.each([
  ['shapes-yolov8', 'shapes-1.png', 'QuickGelu'],
  ['nanodet-coco', 'chelsea.jpg', 'FusedConv'],
])('fused kernels of %s', (id, sample, op) => {
  const { ir, location } = modelOf(id);
  const inference = nodeInferenceService();

  it(`places every ${op} on its activation`, { timeout: 60_000 }, async () => {
    await inference.load('object-detection', location, 'wasm');
    await inference.detectPixels(
      location.key,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples', sample)),
    );
    const timings = await inference.profileRun('object-detection', location.key, 'wasm');
    const indexed = indexRunOverlay(ir, { values: [], timings: { backend: 'wasm', nodes: timings } });
    const fused = indexed.fused;
    if (!fused) throw new Error('no fused report');
    expect(fused.unmapped).toEqual([]);
    expect(totalTime(indexed)).toBeCloseTo(fused.totalMs, 9);
    const groups = fused.groups.filter((group) => group.opType === op);
    expect(groups.length).toBeGreaterThan(10);
    const opsOf = (ids: string[]) => ids.map((nid) => ir.nodes.find((node) => node.id === nid)?.opType);
    // x·sigmoid(x) as one QuickGelu: the Sigmoid and the Mul. A FusedConv: the Conv and its activation.
    for (const group of groups) expect(opsOf(group.nodeIds)[0]).toBe(op === 'QuickGelu' ? 'Sigmoid' : 'Conv');
    const before = droppedByNameOnly(ir, timings);
    figure(id, fused, before);
  });
});
