// Whether the unembedding reuses the token embedding's table ("tied"): the same weight (through a
// Transpose, or Gemm's transB), or — as torch.onnx.export writes a tied lm_head after constant folding —
// a transposed copy with the same values. Shown to the user; the lens works the same either way.
import type { TensorMessage } from '../../../onnx/proto-messages.ts';
import type { GraphIndex, IndexedNode } from './graph-index.ts';

export type Tiedness = 'shared' | 'copied' | 'untied';

/** Positions compared between the table and a candidate copy: enough to tell, cheap on a 150k vocabulary. */
const SAMPLES = 4096;
const FLOAT = 1;
const FLOAT16 = 10;

function initializer(graph: GraphIndex, name: string): TensorMessage | undefined {
  return (graph.graph.initializer ?? []).find((tensor) => tensor.name === name);
}

/** The initializer a weight value comes from, stepping back over Transpose and Cast. */
function weightSource(graph: GraphIndex, value: string): { name: string; transposed: boolean } {
  let transposed = false;
  let current = value;
  for (let step = 0; step < 3; step++) {
    const node = graph.producer(current);
    if (!node || !['Transpose', 'Cast'].includes(node.opType)) break;
    if (node.opType === 'Transpose') transposed = !transposed;
    current = node.inputs[0] ?? '';
  }
  return { name: current, transposed };
}

/** The embedding table: the weight of the Gather the residual path starts from (or one summed into it). */
function embeddingTable(graph: GraphIndex, embedding: string): string | null {
  const stack = [embedding];
  for (let step = 0; step < 4 && stack.length > 0; step++) {
    const node = graph.producer(stack.shift() ?? '');
    if (!node) continue;
    const table = node.inputs[0] ?? '';
    if (node.opType === 'Gather' && graph.initializers.has(table)) return table;
    stack.push(...graph.dataInputs(node));
  }
  return null;
}

function dims(tensor: TensorMessage): number[] {
  return (tensor.dims ?? []).map(Number);
}

/** Whether `copy` [h, V] holds `table` [V, h] transposed, compared at evenly spaced positions. */
function isTransposedCopy(table: TensorMessage, copy: TensorMessage): boolean {
  const [rows = 0, cols = 0] = dims(table);
  const [copyRows, copyCols] = dims(copy);
  if (copyRows !== cols || copyCols !== rows || table.data_type !== copy.data_type) return false;
  const width = table.data_type === FLOAT ? 4 : table.data_type === FLOAT16 ? 2 : 0;
  const a = table.raw_data;
  const b = copy.raw_data;
  if (width === 0 || !a || !b || a.length !== rows * cols * width || b.length !== a.length) return false;
  const viewA = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const viewB = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const count = rows * cols;
  const stride = Math.max(1, Math.floor(count / SAMPLES));
  for (let k = 0; k < count; k += stride) {
    const i = Math.floor(k / cols);
    const j = k % cols;
    const at = k * width;
    const transposedAt = (j * rows + i) * width;
    const same =
      width === 4
        ? viewA.getUint32(at, true) === viewB.getUint32(transposedAt, true)
        : viewA.getUint16(at, true) === viewB.getUint16(transposedAt, true);
    if (!same) return false;
  }
  return true;
}

export function tiedness(graph: GraphIndex, unembedding: IndexedNode, embedding: string): Tiedness {
  const table = embeddingTable(graph, embedding);
  if (table === null) return 'untied';
  const weight = weightSource(graph, unembedding.inputs[1] ?? '');
  if (weight.name === table) return 'shared';
  const tableTensor = initializer(graph, table);
  const weightTensor = initializer(graph, weight.name);
  if (!tableTensor || !weightTensor || weight.transposed) return 'untied';
  return isTransposedCopy(tableTensor, weightTensor) ? 'copied' : 'untied';
}
