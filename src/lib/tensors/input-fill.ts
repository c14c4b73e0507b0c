// Input tensors for any ONNX model, built from a shape (symbolic dimensions set by the user) and a fill:
// zeros, ones, seeded random values, or numbers pasted as text. Pure: no runtime, no DOM.
import { GlassboxError, type ErrorCode } from '../errors.ts';
import { formatCount, formatShape } from '../format.ts';
import { seededRandom } from '../seeded-random.ts';
import { elementCount, type TensorData, type TensorType } from '../tensor.ts';

export type InputFill =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'random'; seed: number; min: number; max: number }
  | { kind: 'values'; text: string };

export type FillKind = InputFill['kind'];

/** 16 Mi elements: 64 MiB of float32, 128 MiB of int64; more would risk the worker's memory. */
export const MAX_INPUT_ELEMENTS = 16_777_216;

/** The symbol every unknown dimension shares: an empty name, '?', or a size of -1 or 0 (some exporters). */
export const UNKNOWN_DIM = '?';

/** The element types TensorData can carry (and ONNX Runtime Web accepts as inputs from Glassbox). */
export const SUPPORTED_INPUT_TYPES: readonly TensorType[] = [
  'float32',
  'float64',
  'int64',
  'int32',
  'int8',
  'uint8',
  'bool',
];

export function isSupportedInputType(dtype: string): dtype is TensorType {
  return (SUPPORTED_INPUT_TYPES as readonly string[]).includes(dtype);
}

/** The symbol a dimension stands for, or null when it is a fixed size (an integer ≥ 1). */
export function dimSymbol(dim: number | string): string | null {
  if (typeof dim === 'number') return Number.isInteger(dim) && dim >= 1 ? null : UNKNOWN_DIM;
  const name = dim.trim();
  return name === '' ? UNKNOWN_DIM : name;
}

/** The distinct symbolic dimensions of some shapes, in order of first appearance. */
export function symbolicDims(shapes: ReadonlyArray<ReadonlyArray<number | string>>): string[] {
  const seen = new Set<string>();
  for (const shape of shapes) {
    for (const dim of shape) {
      const symbol = dimSymbol(dim);
      if (symbol !== null) seen.add(symbol);
    }
  }
  return [...seen];
}

function isValidSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Concrete sizes for a shape: fixed sizes kept, every symbol looked up (each must be an integer ≥ 1). */
export function resolveDims(
  shape: ReadonlyArray<number | string>,
  symbols: Readonly<Record<string, number>>,
): { ok: true; dims: number[] } | { ok: false; reason: string } {
  const dims: number[] = [];
  for (const dim of shape) {
    const symbol = dimSymbol(dim);
    if (symbol === null) {
      dims.push(dim as number);
      continue;
    }
    const label = symbol === UNKNOWN_DIM ? 'the unknown dimension (?)' : symbol;
    const value = Object.hasOwn(symbols, symbol) ? symbols[symbol] : undefined;
    if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
      return { ok: false, reason: `Set a size for ${label}.` };
    }
    if (!isValidSize(value)) {
      return {
        ok: false,
        reason: `The size of ${label} must be a whole number of at least 1 (it is ${value}).`,
      };
    }
    dims.push(value);
  }
  return { ok: true, dims };
}

// ---- Pasted values

/** Inclusive ranges of the integer types (int64 as a safe-integer range for random fills). */
const INTEGER_RANGES: Partial<Record<TensorType, { min: bigint; max: bigint }>> = {
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  int8: { min: -128n, max: 127n },
  uint8: { min: 0n, max: 255n },
};

const TOKEN = /[^\s,;[\]()]+/g;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;
const SPECIALS = new Map<string, number>([
  ['nan', Number.NaN],
  ['+nan', Number.NaN],
  ['-nan', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['infinity', Number.POSITIVE_INFINITY],
  ['+infinity', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['-infinity', Number.NEGATIVE_INFINITY],
]);

type TokenValue = { ok: true; value: number | bigint } | { ok: false; why: string };

function readToken(token: string, dtype: TensorType): TokenValue {
  const lower = token.toLowerCase();
  if (dtype === 'bool') {
    if (lower === 'true' || lower === '1') return { ok: true, value: 1 };
    if (lower === 'false' || lower === '0') return { ok: true, value: 0 };
    return { ok: false, why: 'a bool input takes 0, 1, true or false' };
  }
  const special = SPECIALS.get(lower);
  const isFloat = dtype === 'float32' || dtype === 'float64';
  if (special !== undefined) {
    return isFloat ? { ok: true, value: special } : { ok: false, why: `${dtype} has no NaN or infinity` };
  }
  if (!DECIMAL.test(token)) return { ok: false, why: 'it is not a number' };
  if (isFloat) return { ok: true, value: Number(token) };
  const range = INTEGER_RANGES[dtype];
  let integer: bigint;
  if (INTEGER.test(token)) {
    integer = BigInt(token);
  } else {
    const number = Number(token);
    if (!Number.isInteger(number)) return { ok: false, why: `${dtype} takes whole numbers only` };
    if (!Number.isSafeInteger(number)) {
      return { ok: false, why: 'write large integers without a decimal point or exponent' };
    }
    integer = BigInt(number);
  }
  if (range && (integer < range.min || integer > range.max)) {
    return { ok: false, why: `${dtype} holds ${range.min} to ${range.max}` };
  }
  return { ok: true, value: dtype === 'int64' ? integer : Number(integer) };
}

function shortToken(token: string): string {
  return token.length > 24 ? `${token.slice(0, 24)}…` : token;
}

/**
 * Numbers pasted as text, separated by spaces, newlines, commas or semicolons; brackets and parentheses
 * are ignored, so a nested list such as [[1, 2], [3, 4]] reads as 1 2 3 4. Floats also take nan and
 * (-)inf; bool takes 0, 1, true, false. int64 values are exact (read as BigInt).
 */
export function parseValues(
  text: string,
  dtype: TensorType,
): { ok: true; values: Array<number | bigint> } | { ok: false; reason: string } {
  const values: Array<number | bigint> = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const result = readToken(token, dtype);
    if (!result.ok) {
      const position = (match.index ?? 0) + 1;
      return {
        ok: false,
        reason: `Value ${values.length + 1}, “${shortToken(token)}” at character ${position}, cannot be read: ${result.why}.`,
      };
    }
    values.push(result.value);
  }
  return { ok: true, values };
}

// ---- Building tensors

interface Problem {
  code: ErrorCode;
  message: string;
  remedy: string;
}

type Plan =
  | { ok: false; problem: Problem }
  | { ok: true; type: TensorType; count: number; values: Array<number | bigint> | null };

const INPUT_REMEDY = 'Change the input’s fill or the symbolic dimensions, then run again.';

function inputProblem(message: string, remedy = INPUT_REMEDY): { ok: false; problem: Problem } {
  return { ok: false, problem: { code: 'empty-input', message, remedy } };
}

/** Every check buildTensor makes, without allocating the tensor. */
function planTensor(dtype: string, dims: readonly number[], fill: InputFill): Plan {
  if (!isSupportedInputType(dtype)) {
    return {
      ok: false,
      problem: {
        code: 'inference-failed',
        message: `Glassbox cannot build ${dtype} inputs yet; it builds ${SUPPORTED_INPUT_TYPES.join(', ')}.`,
        remedy: 'Use a model whose inputs have one of those types.',
      },
    };
  }
  const bad = dims.find((dim) => !isValidSize(dim));
  if (bad !== undefined) {
    return inputProblem(
      `The shape ${formatShape(dims)} has a size of ${bad}; every size must be a whole number ≥ 1.`,
    );
  }
  const count = elementCount(dims);
  if (count > MAX_INPUT_ELEMENTS) {
    return inputProblem(
      `The shape ${formatShape(dims)} has ${formatCount(count)} elements, more than the ${formatCount(MAX_INPUT_ELEMENTS)} Glassbox builds for one input.`,
      'Make the symbolic dimensions smaller.',
    );
  }
  if (fill.kind === 'random') {
    if (!Number.isSafeInteger(fill.seed)) return inputProblem('The random seed must be a whole number.');
    if (!Number.isFinite(fill.min) || !Number.isFinite(fill.max)) {
      return inputProblem('The random range needs a finite minimum and maximum.');
    }
    if (fill.min > fill.max) {
      return inputProblem(`The random minimum (${fill.min}) is above the maximum (${fill.max}).`);
    }
    const range = INTEGER_RANGES[dtype];
    if (range) {
      const low = Math.round(fill.min);
      const high = Math.round(fill.max);
      const typeMin = Math.max(Number(range.min), Number.MIN_SAFE_INTEGER);
      const typeMax = Math.min(Number(range.max), Number.MAX_SAFE_INTEGER);
      if (low < typeMin || high > typeMax) {
        return inputProblem(`Random ${dtype} values must lie between ${typeMin} and ${typeMax}.`);
      }
    }
  }
  if (fill.kind !== 'values') return { ok: true, type: dtype, count, values: null };
  const parsed = parseValues(fill.text, dtype);
  if (!parsed.ok) return inputProblem(parsed.reason, 'Correct the pasted values, then run again.');
  const pasted = parsed.values.length;
  if (pasted === 0) {
    return inputProblem(
      'No values were pasted.',
      `Paste ${formatCount(count)} numbers, or one number to fill every element.`,
    );
  }
  if (pasted !== 1 && pasted !== count) {
    return inputProblem(
      `${formatCount(pasted)} values were pasted, but the shape ${formatShape(dims)} has ${formatCount(count)} elements.`,
      'Paste exactly one value per element, or a single value to fill every element.',
    );
  }
  return { ok: true, type: dtype, count, values: parsed.values };
}

/** The problem buildTensor would throw for, as one sentence; null when the tensor can be built. */
export function fillProblem(dtype: string, dims: readonly number[], fill: InputFill): string | null {
  const plan = planTensor(dtype, dims, fill);
  return plan.ok ? null : plan.problem.message;
}

function allocate(type: TensorType, dims: number[], count: number): TensorData {
  switch (type) {
    case 'float32':
      return { type, dims, data: new Float32Array(count) };
    case 'float64':
      return { type, dims, data: new Float64Array(count) };
    case 'int64':
      return { type, dims, data: new BigInt64Array(count) };
    case 'int32':
      return { type, dims, data: new Int32Array(count) };
    case 'int8':
      return { type, dims, data: new Int8Array(count) };
    case 'uint8':
      return { type, dims, data: new Uint8Array(count) };
    case 'bool':
      return { type, dims, data: new Uint8Array(count) };
  }
}

/** Writes value i of the tensor (numbers become BigInt for int64; bigints are pasted int64 values only). */
function writerOf(tensor: TensorData): (index: number, value: number | bigint) => void {
  if (tensor.type === 'int64') {
    const data = tensor.data;
    return (index, value) => {
      data[index] = typeof value === 'bigint' ? value : BigInt(value);
    };
  }
  const data = tensor.data;
  return (index, value) => {
    data[index] = Number(value);
  };
}

/**
 * A tensor of dtype and dims filled as asked. Random fills use seededRandom (mulberry32) seeded with
 * fill.seed (taken modulo 2^32): floats uniform from min to max, integers uniform in [round(min),
 * round(max)] inclusive, bool 0 or 1 (min and max ignored). A single pasted value fills every element. Throws GlassboxError ('inference-failed' for
 * a type Glassbox cannot build, 'empty-input' for every problem with the input itself).
 */
export function buildTensor(dtype: string, dims: readonly number[], fill: InputFill): TensorData {
  const plan = planTensor(dtype, dims, fill);
  if (!plan.ok) throw new GlassboxError(plan.problem);
  const { type, count } = plan;
  const tensor = allocate(type, [...dims], count);
  const write = writerOf(tensor);
  switch (fill.kind) {
    case 'zeros':
      break;
    case 'ones':
      for (let i = 0; i < count; i++) write(i, 1);
      break;
    case 'values': {
      const values = plan.values ?? [];
      const single = values.length === 1 ? (values[0] as number | bigint) : null;
      for (let i = 0; i < count; i++) write(i, single ?? (values[i] as number | bigint));
      break;
    }
    case 'random': {
      const random = seededRandom(fill.seed);
      if (type === 'bool') {
        for (let i = 0; i < count; i++) write(i, random() < 0.5 ? 0 : 1);
      } else if (type === 'float32' || type === 'float64') {
        const span = fill.max - fill.min;
        for (let i = 0; i < count; i++) write(i, fill.min + random() * span);
      } else {
        const low = Math.round(fill.min);
        const choices = Math.round(fill.max) - low + 1;
        for (let i = 0; i < count; i++) write(i, low + Math.floor(random() * choices));
      }
      break;
    }
  }
  return tensor;
}
