// A small validator for the subset of JSON Schema (draft 2020-12 keywords) the result schema uses:
// type, properties, required, additionalProperties, items, enum, const, minimum, maximum, anyOf.
// Hand-written because the only need is our own schema, and a full validator would triple the bench
// bundle; the schema stays standard, so external tools (ajv, jsonschema) validate the same files.

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: ReadonlyArray<string | number | boolean | null>;
  const?: string | number | boolean | null;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}

function typeOf(value: unknown): JsonType | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : 'other';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  if (type === 'integer') return actual === 'number' && Number.isInteger(value);
  return actual === type;
}

/** Every violation as "path: what is wrong"; empty when value is valid. Stops after `limit` errors. */
export function validateJson(schema: JsonSchema, value: unknown, path = '$', limit = 50): string[] {
  const errors: string[] = [];
  check(schema, value, path, errors, limit);
  return errors;
}

function check(schema: JsonSchema, value: unknown, path: string, errors: string[], limit: number): void {
  if (errors.length >= limit) return;
  if (schema.anyOf) {
    const fits = schema.anyOf.some((option) => validateJson(option, value, path, 1).length === 0);
    if (!fits) errors.push(`${path}: matches none of the allowed forms`);
    return;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => matchesType(value, type))) {
      errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) {
    errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum && !schema.enum.includes(value as string | number | boolean | null)) {
    errors.push(`${path}: must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => check(schema.items as JsonSchema, item, `${path}[${i}]`, errors, limit));
  }
  if (typeOf(value) === 'object') checkObject(schema, value as Record<string, unknown>, path, errors, limit);
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  errors: string[],
  limit: number,
): void {
  for (const name of schema.required ?? []) {
    if (!(name in value)) errors.push(`${path}: missing ${name}`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = schema.properties?.[name];
    if (property) {
      check(property, item, `${path}.${name}`, errors, limit);
    } else if (schema.additionalProperties === false) {
      errors.push(`${path}: unexpected property ${name}`);
    } else if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, item, `${path}.${name}`, errors, limit);
    }
  }
}
