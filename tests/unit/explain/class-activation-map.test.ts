// CAM on hand-made networks, encoded as real ONNX files and decoded as the worker decodes them: the
// structure is found by the graph's shape (names are meaningless here), the weights are read from the
// file, and the map's mean plus the bias gives back the class's logit, as CAM promises.
import { describe, expect, it } from 'vitest';
import {
  classActivationMap,
  findCamInModel,
  type CamStructure,
} from '../../../src/lib/explain/class-activation-map.ts';
import {
  decodeModel,
  encodeModel,
  type ModelMessage,
  type NodeMessage,
} from '../../../src/lib/onnx/index.ts';

const FLOAT = 1;
const LINEAR = [0.5, -1, 2, -0.25, 1.5, 0.75]; // [2 classes, 3 channels], as Gemm transB=1 stores it
const BIAS = [0.1, -0.2];

function tensorOf(name: string, dims: number[], values: number[]) {
  return { name, data_type: FLOAT, dims, raw_data: new Uint8Array(new Float32Array(values).buffer) };
}

/** x [1,2,4,4] → Conv 1×1 (3 channels) → Relu → pool → flatten → linear → tail. */
function network(
  pool: NodeMessage,
  head: NodeMessage[],
  extra: ReturnType<typeof tensorOf>[] = [],
): Uint8Array {
  const info = (name: string) => ({ name, type: { tensor_type: { elem_type: FLOAT } } });
  const message: ModelMessage = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'cam',
      node: [
        { name: 'a', op_type: 'Conv', input: ['x', 'conv_w'], output: ['c'] },
        { name: 'b', op_type: 'Relu', input: ['c'], output: ['r'] },
        pool,
        ...head,
      ],
      initializer: [tensorOf('conv_w', [3, 2, 1, 1], [1, 0, 0, 1, 1, -1]), ...extra],
      input: [info('x')],
      output: [info(head.at(-1)?.output?.[0] ?? 'out')],
    },
  };
  return encodeModel(message);
}

const GAP: NodeMessage = { name: 'p', op_type: 'GlobalAveragePool', input: ['r'], output: ['g'] };
const FLATTEN: NodeMessage = { name: 'f', op_type: 'Flatten', input: ['g'], output: ['flat'] };
const GEMM: NodeMessage = {
  name: 'l',
  op_type: 'Gemm',
  input: ['flat', 'fc_w', 'fc_b'],
  output: ['logits'],
  attribute: [{ name: 'transB', type: 2, i: 1 }],
};
const SOFTMAX: NodeMessage = { name: 's', op_type: 'Softmax', input: ['logits'], output: ['probs'] };
const WEIGHTS = [tensorOf('fc_w', [2, 3], LINEAR), tensorOf('fc_b', [2], BIAS)];

function found(bytes: Uint8Array): CamStructure {
  const finding = findCamInModel(decodeModel(bytes));
  if (!finding.found) throw new Error(finding.reason);
  return finding.structure;
}

describe('findCamStructure', () => {
  it('finds conv → pool → flatten → Gemm (→ Softmax) and reads the weights by class', () => {
    const structure = found(network(GAP, [FLATTEN, GEMM, SOFTMAX], WEIGHTS));
    expect(structure.features).toBe('r');
    expect(structure.path).toEqual(['Conv', 'Relu', 'GlobalAveragePool', 'Flatten', 'Gemm', 'Softmax']);
    expect(Array.from(structure.weights)).toEqual(LINEAR);
    expect([structure.classes, structure.channels]).toEqual([2, 3]);
  });

  it('reads a MatMul + Add head whose weights are stored [channels, classes], and ReduceMean as the pool', () => {
    const transposed = [0.5, -0.25, -1, 1.5, 2, 0.75]; // LINEAR as [3, 2]
    const structure = found(
      network(
        { name: 'p', op_type: 'ReduceMean', input: ['r'], output: ['g'] },
        [
          { name: 'f', op_type: 'Reshape', input: ['g', 'shape'], output: ['flat'] },
          { name: 'm', op_type: 'MatMul', input: ['flat', 'fc_w'], output: ['mm'] },
          { name: 'add', op_type: 'Add', input: ['mm', 'fc_b'], output: ['logits'] },
        ],
        [tensorOf('fc_w', [3, 2], transposed), tensorOf('fc_b', [2], BIAS), tensorOf('shape', [2], [1, -1])],
      ),
    );
    expect(Array.from(structure.weights)).toEqual(LINEAR);
    expect(structure.path).toEqual(['Conv', 'Relu', 'ReduceMean', 'Reshape', 'MatMul', 'Add']);
  });

  it('says clearly why when the structure is not there', () => {
    const reasonOf = (bytes: Uint8Array): string => {
      const finding = findCamInModel(decodeModel(bytes));
      return finding.found ? 'found' : finding.reason;
    };
    // An MLP head on the flattened map: no global pool.
    expect(
      reasonOf(
        network({ ...FLATTEN, input: ['r'] }, [{ ...GEMM, input: ['flat', 'fc_w', 'fc_b'] }], WEIGHTS),
      ),
    ).toMatch(/^No class activation map: the linear layer does not read a global average pool/);
    // The pool reads a max pool, not a convolution.
    expect(
      reasonOf(
        network(
          { name: 'mp', op_type: 'MaxPool', input: ['r'], output: ['m'] },
          [{ ...GAP, input: ['m'] }, FLATTEN, GEMM],
          WEIGHTS,
        ),
      ),
    ).toMatch(/do not come from a convolution \(they come from MaxPool\)/);
    // Weights that are not in the file (a second input).
    expect(reasonOf(network(GAP, [FLATTEN, { ...GEMM, input: ['flat', 'x', 'fc_b'] }], WEIGHTS))).toMatch(
      /not a plain float matrix/,
    );
  });
});

describe('classActivationMap', () => {
  it('weighs each place by the class’s linear weights; its mean plus the bias is the logit', () => {
    const structure = found(network(GAP, [FLATTEN, GEMM], WEIGHTS));
    const h = 2;
    const w = 3;
    const activations = Float32Array.from({ length: 3 * h * w }, (_, i) => ((i * 7) % 5) / 2);
    for (const classIndex of [0, 1]) {
      const map = classActivationMap({ dims: [1, 3, h, w], data: activations }, structure, classIndex);
      expect([map.width, map.height]).toEqual([w, h]);
      for (let place = 0; place < h * w; place++) {
        let expected = 0;
        for (let k = 0; k < 3; k++)
          expected += (LINEAR[classIndex * 3 + k] ?? 0) * (activations[k * h * w + place] ?? 0);
        expect(map.values[place]).toBeCloseTo(expected, 6);
      }
      const pooled = [0, 1, 2].map(
        (k) => activations.slice(k * h * w, (k + 1) * h * w).reduce((a, b) => a + b) / (h * w),
      );
      const logit = pooled.reduce(
        (sum, value, k) => sum + value * (LINEAR[classIndex * 3 + k] ?? 0),
        BIAS[classIndex] ?? 0,
      );
      const mean = map.values.reduce((a, b) => a + b) / (h * w);
      expect(mean + (BIAS[classIndex] ?? 0)).toBeCloseTo(logit, 6);
      expect(map.maxAbs).toBe(Math.max(...Array.from(map.values, Math.abs)));
    }
  });

  it('refuses activations that do not fit the linear layer, and unknown classes', () => {
    const structure = found(network(GAP, [FLATTEN, GEMM], WEIGHTS));
    expect(() => classActivationMap({ dims: [1, 4, 1, 1], data: new Float32Array(4) }, structure, 0)).toThrow(
      /not \[1, 3, h, w\]/,
    );
    expect(() => classActivationMap({ dims: [1, 3, 1, 1], data: new Float32Array(3) }, structure, 2)).toThrow(
      /Class 2 is not one of the model’s 2/,
    );
  });
});
