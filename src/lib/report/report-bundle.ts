// Lays a divergence report out as a zip: README.md (the issue text), report.json (every fact), the full
// model's input as .npy, and node/: the cut single-node model, its inputs as .npy, the outputs captured on
// each backend, and a script that reruns it. Pure: the worker gathers the tensors, this writes the bytes.
import { safeFileStem } from '../viewers/npy.ts';
import { reportMarkdown } from './report-markdown.ts';
import type {
  DivergenceFacts,
  EnvironmentFacts,
  ModelSourceFacts,
  NodeFacts,
  ReportFacts,
  TensorFile,
  VariantPairFacts,
} from './report-types.ts';
import { encodeTypedNpy, type TypedTensor } from './typed-npy.ts';
import { writeZip, type ZipEntry } from './zip.ts';

export interface NamedTensor extends TypedTensor {
  name: string;
}

export interface ReportInput {
  source: ModelSourceFacts;
  environment: EnvironmentFacts;
  node: NodeFacts;
  divergence: DivergenceFacts;
  variants?: VariantPairFacts;
  modelInputs: NamedTensor[];
  cutModel: Uint8Array;
  feeds: NamedTensor[];
  embedded: string[];
  cutNote?: string;
  /** Captured outputs of the node, per backend name. */
  expected: Record<string, NamedTensor[]>;
  createdAt?: Date;
}

function reproduceScript(facts: ReportFacts): string {
  const feeds = facts.cut.feeds.map(
    (f) => `    ${JSON.stringify(f.name)}: np.load(${JSON.stringify(f.path)}),`,
  );
  const expected = Object.entries(facts.cut.expected).flatMap(([backend, files]) =>
    files.map(
      (f) => `    (${JSON.stringify(backend)}, ${JSON.stringify(f.name)}, ${JSON.stringify(f.path)}),`,
    ),
  );
  return `# Reruns the single-node model cut by Glassbox and compares it with the outputs captured in the browser.
# pip install onnxruntime numpy; run from the folder the zip was extracted to.
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession(${JSON.stringify(facts.cut.path)}, providers=["CPUExecutionProvider"])
feeds = {
${feeds.join('\n')}
}
outputs = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
for backend, name, path in [
${expected.join('\n')}
]:
    captured = np.load(path)
    ours = outputs[name]
    same = ours.shape == captured.shape and np.array_equal(ours, captured)
    diff = float(np.max(np.abs(ours.astype(np.float64) - captured.astype(np.float64)))) if ours.shape == captured.shape else float("nan")
    print(f"{name}: CPU vs captured on {backend}: {'bit for bit equal' if same else f'max abs diff {diff}'}")
`;
}

export function buildReport(input: ReportInput): {
  facts: ReportFacts;
  entries: ZipEntry[];
  zip: Uint8Array<ArrayBuffer>;
} {
  const entries: ZipEntry[] = [];
  const used = new Set<string>();
  const place = (folder: string, tensor: NamedTensor): TensorFile => {
    let path = `${folder}/${safeFileStem(tensor.name)}.npy`;
    for (let n = 2; used.has(path); n++) path = `${folder}/${safeFileStem(tensor.name)}_${n}.npy`;
    used.add(path);
    entries.push({ name: path, bytes: encodeTypedNpy(tensor) });
    return { name: tensor.name, type: tensor.type, dims: [...tensor.dims], path };
  };
  const modelInputs = input.modelInputs.map((tensor) => place('input', tensor));
  const cutPath = 'node/model.onnx';
  entries.push({ name: cutPath, bytes: input.cutModel });
  const feeds = input.feeds.map((tensor) => place('node/inputs', tensor));
  const expected: Record<string, TensorFile[]> = {};
  for (const [backend, tensors] of Object.entries(input.expected))
    expected[backend] = tensors.map((tensor) => place(`node/expected/${backend}`, tensor));
  const facts: ReportFacts = {
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    source: input.source,
    environment: input.environment,
    node: input.node,
    divergence: input.divergence,
    ...(input.variants ? { variants: input.variants } : {}),
    modelInputs,
    cut: {
      path: cutPath,
      feeds,
      embedded: input.embedded,
      expected,
      ...(input.cutNote ? { note: input.cutNote } : {}),
    },
  };
  const text = new TextEncoder();
  entries.unshift(
    { name: 'README.md', bytes: text.encode(reportMarkdown(facts)) },
    { name: 'report.json', bytes: text.encode(`${JSON.stringify(facts, null, 2)}\n`) },
  );
  entries.push({ name: 'node/reproduce.py', bytes: text.encode(reproduceScript(facts)) });
  return { facts, entries, zip: writeZip(entries, input.createdAt) };
}
