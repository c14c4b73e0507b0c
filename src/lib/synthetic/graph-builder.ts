// A small ONNX graph builder for the synthetic benchmark models: named nodes in exporter-style scopes,
// seeded random weights (the same bytes on every machine), and a running parameter count.
import type {
  AttributeMessage,
  ModelMessage,
  NodeMessage,
  TensorMessage,
  ValueInfoMessage,
} from '../onnx/index.ts';
import { seededRandom } from '../seeded-random.ts';

export const FLOAT = 1;
export const INT64 = 7;

/** The opset every synthetic model imports: LayerNormalization needs 17; ORT Web runs it on WASM and WebGPU. */
export const SYNTHETIC_OPSET = 17;

export const attr = {
  int: (name: string, i: number): AttributeMessage => ({ name, type: 2, i }),
  float: (name: string, f: number): AttributeMessage => ({ name, type: 1, f }),
  ints: (name: string, ints: number[]): AttributeMessage => ({ name, type: 7, ints }),
};

/** dims: numbers are fixed sizes, strings symbolic names (the batch). */
export function tensorInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  /** Learnable parameters (float weights); shape constants are not counted. */
  parameters = 0;
  private readonly random: () => number;
  private readonly nameUses = new Map<string, number>();

  /**
   * weights: false builds the structure only (initializers with their dims and no data), for counting
   * FLOPs of a preset without generating hundreds of MB of random numbers.
   */
  constructor(
    seed: number,
    private readonly weights = true,
  ) {
    this.random = seededRandom(seed);
  }

  /** Adds a node named `${scope}/${opType}` (suffixed when taken) and returns its first output. */
  op(
    scope: string,
    opType: string,
    inputs: string[],
    attributes: AttributeMessage[] = [],
    outputs = 1,
  ): string {
    const base = `${scope}/${opType}`;
    const taken = this.nameUses.get(base) ?? 0;
    this.nameUses.set(base, taken + 1);
    const name = taken === 0 ? base : `${base}_${taken}`;
    const names = Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`);
    this.nodes.push({ name, op_type: opType, input: inputs, output: names, attribute: attributes });
    return names[0] ?? '';
  }

  /** Like op, for nodes with several outputs (Split). */
  opMany(
    scope: string,
    opType: string,
    inputs: string[],
    outputs: number,
    attributes: AttributeMessage[] = [],
  ) {
    this.op(scope, opType, inputs, attributes, outputs);
    return this.nodes[this.nodes.length - 1]?.output ?? [];
  }

  /** Renames a node's output (to give a graph output a plain name such as "logits"). */
  nameOutput(value: string, name: string): string {
    for (const node of this.nodes) {
      const index = node.output?.indexOf(value) ?? -1;
      if (index >= 0 && node.output) node.output[index] = name;
    }
    return name;
  }

  /** A float weight, uniform in [-scale, scale), counted as parameters. */
  weight(name: string, dims: number[], scale: number): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (!this.weights) return this.shapeOnly(name, dims, count);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = (this.random() * 2 - 1) * scale;
    this.parameters += count;
    return this.tensor(name, FLOAT, dims, new Uint8Array(values.buffer));
  }

  /** A float weight filled with one value (LayerNorm's gamma 1 and beta 0), counted as parameters. */
  filled(name: string, dims: number[], value: number): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (!this.weights) return this.shapeOnly(name, dims, count);
    this.parameters += count;
    return this.tensor(name, FLOAT, dims, new Uint8Array(new Float32Array(count).fill(value).buffer));
  }

  /** A constant that is not a parameter: a scalar factor or a shape. */
  floatConstant(name: string, value: number): string {
    return this.tensor(name, FLOAT, [], new Uint8Array(new Float32Array([value]).buffer));
  }

  int64Constant(name: string, values: number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.tensor(name, INT64, [values.length], new Uint8Array(data.buffer));
  }

  private shapeOnly(name: string, dims: number[], count: number): string {
    this.parameters += count;
    this.initializers.push({ name, data_type: FLOAT, dims });
    return name;
  }

  private tensor(name: string, dataType: number, dims: number[], raw: Uint8Array): string {
    this.initializers.push({ name, data_type: dataType, dims, raw_data: raw });
    return name;
  }
}

/** The model around a built graph, marked as random weights in its doc string. */
export function syntheticModel(
  b: GraphBuilder,
  name: string,
  input: ValueInfoMessage[],
  output: ValueInfoMessage[],
): ModelMessage {
  return {
    ir_version: 8,
    producer_name: 'glassbox-synthetic',
    producer_version: '1',
    doc_string: 'Random weights — for speed, not answers.',
    opset_import: [{ domain: '', version: SYNTHETIC_OPSET }],
    graph: { name, node: b.nodes, initializer: b.initializers, input, output },
  };
}
