// The inspector service on models built to exhaust it: a node with 1,000,000 inputs (any spread or
// recursion proportional to the model's size overflows the stack) and names and doc strings of 100,000
// characters (the view must carry clipped text; the full text only where asked for).
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_VALUES } from '../../workers/inspector/inspector-details.ts';
import { InspectorService, MAX_SENT_ISSUES } from '../../workers/inspector/inspector-service.ts';
import { encode, FLOAT, node, valueInfo } from '../unit/onnx/model-builders.ts';

const WIDE = 1_000_000;
const LONG = 100_000;

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

describe('models built to exhaust the inspector', () => {
  it(
    'opens a node with 1,000,000 inputs: view, details, search and summary',
    { timeout: 120_000 },
    async () => {
      const inputs = Array.from({ length: WIDE }, (_, i) => `x${i}`);
      const bytes = encode({
        node: [node('Sum', inputs, ['y'], { name: 'wide_sum' })],
        input: [valueInfo('x0', FLOAT, [1])],
        output: [valueInfo('y', FLOAT, [1])],
      });
      const inspector = new InspectorService();
      const opened = await inspector.open({ kind: 'bytes', bytes: bufferOf(bytes), name: 'wide.onnx' });
      // Every input but x0 comes from nowhere: a million checks fail, a hundred travel to the page.
      expect(opened.issueCount).toBeGreaterThanOrEqual(WIDE - 1);
      expect(opened.issues).toHaveLength(MAX_SENT_ISSUES);
      const sum = opened.view.nodes.find((n) => n.kind === 'op');
      expect(sum?.title).toBe('Sum');
      const details = inspector.nodeDetails(opened.inspectedId, sum?.id ?? '');
      if (details.kind !== 'op') throw new Error('expected op details');
      expect(details.inputCount).toBe(WIDE);
      expect(details.inputs).toHaveLength(MAX_LISTED_VALUES);
      expect(details.inputs.at(-1)?.name).toBe(`x${MAX_LISTED_VALUES - 1}`);
      expect(JSON.stringify(details).length).toBeLessThan(100_000);
      expect(sum?.tooltip.length).toBeLessThan(2_000);
      expect(inspector.search(opened.inspectedId, 'x99999').hits.length).toBeGreaterThan(0);
      expect(inspector.summaryJson(opened.inspectedId).length).toBeGreaterThan(0);
    },
  );

  it('clips a 100,000-character node name and doc string everywhere but in the details', async () => {
    const name = `n${'\u202e'.repeat(2)}${'a'.repeat(LONG)}`;
    const doc = 'd'.repeat(LONG);
    const bytes = encode({
      node: [{ ...node('Relu', ['x'], [name], { name }), doc_string: doc }],
      input: [valueInfo('x', FLOAT, [1])],
      output: [valueInfo(name, FLOAT, [1])],
    });
    const inspector = new InspectorService();
    const opened = await inspector.open({ kind: 'bytes', bytes: bufferOf(bytes), name: 'long.onnx' });
    for (const drawn of opened.view.nodes) {
      expect(drawn.title.length).toBeLessThanOrEqual(80);
      expect(drawn.tooltip.length).toBeLessThan(1_000);
      expect(drawn.title + drawn.tooltip).not.toMatch(/\u202e/);
    }
    const output = opened.view.nodes.find((n) => n.kind === 'output');
    expect(output?.title.startsWith('n⟨U+202E⟩⟨U+202E⟩aaa')).toBe(true);
    const op = opened.view.nodes.find((n) => n.kind === 'op');
    const details = inspector.nodeDetails(opened.inspectedId, op?.id ?? '');
    if (details.kind !== 'op') throw new Error('expected op details');
    // The panel gets the whole name and doc string (shown clipped, in full on demand); labels are clipped.
    expect(details.docString).toBe(doc);
    expect(details.name).toHaveLength(LONG + 1 + 2 * '⟨U+202E⟩'.length);
    expect(details.outputs[0]?.label.length).toBeLessThanOrEqual(300);
    const hits = inspector.search(opened.inspectedId, 'aaaa').hits;
    expect(JSON.stringify(hits).length).toBeLessThan(10 * LONG);
  });
});
