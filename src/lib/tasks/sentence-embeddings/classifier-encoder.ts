// A sequence classifier shown as sentence embeddings: its encoder's last hidden state is what gets pooled.
// A BERT-family classifier reads that state at the [CLS] position (a Gather or Slice on the sequence axis)
// and sends it through its head (pooler, classifier); walking back from the logits through the head's
// data inputs finds that Gather, whose data input is the last hidden state. The variant model outputs that
// value instead of the logits (ORT then drops the unused head).
import { decodeModelMessage } from '../../capture/capture-variant.ts';
import { GlassboxError } from '../../errors.ts';
import { encodeModel } from '../../onnx/encode-model.ts';
import type { GraphMessage, NodeMessage } from '../../onnx/proto-messages.ts';

/** Nodes walked back from the logits before giving up: a head is a handful of nodes. */
const MAX_HEAD_NODES = 24;

/** The name of the value the head reads the [CLS] token from; null when the graph has no such shape. */
export function lastHiddenStateOf(graph: GraphMessage): string | null {
  const producers = new Map<string, NodeMessage>();
  for (const node of graph.node ?? [])
    for (const output of node.output ?? []) if (output) producers.set(output, node);
  const constants = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ''));
  let value = graph.output?.[0]?.name ?? '';
  for (let step = 0; step < MAX_HEAD_NODES; step++) {
    const node = producers.get(value);
    if (!node) return null;
    const op = node.op_type ?? '';
    if (op === 'Gather' || op === 'Slice') return node.input?.[0] || null;
    // The head's data input: not a weight, not a constant.
    const next = (node.input ?? []).find((input) => {
      if (!input || constants.has(input)) return false;
      return producers.get(input)?.op_type !== 'Constant';
    });
    if (next === undefined) return null;
    value = next;
  }
  return null;
}

/** The model's bytes with its encoder's last hidden state as its only output; a typed error when none. */
export function encoderVariant(modelBytes: Uint8Array): { bytes: Uint8Array<ArrayBuffer>; output: string } {
  const message = decodeModelMessage(modelBytes);
  const graph = message.graph;
  const hidden = graph ? lastHiddenStateOf(graph) : null;
  if (!graph || hidden === null) {
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message:
        'Glassbox could not find where this classifier reads its encoder’s output (a [CLS] gather before its head), so it cannot pool token vectors from it.',
      remedy: 'Open a sentence-transformers model or a bare encoder (feature extraction) instead.',
    });
  }
  const declared = [...(graph.value_info ?? [])].find((info) => info.name === hidden);
  graph.output = [declared ?? { name: hidden }];
  return { bytes: encodeModel(message) as Uint8Array<ArrayBuffer>, output: hidden };
}
