// The report's README.md: the fields of onnxruntime's "Web" issue form (Describe the issue, To reproduce,
// Urgency, ONNX Runtime Installation, ONNX Runtime Version or Commit ID, Execution Provider) filled from
// the facts, ready to paste into a new issue with the zip attached.
import type { ReportFacts } from './report-types.ts';

function number(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3)
    ? value.toExponential(3)
    : String(Number(value.toPrecision(6)));
}

/**
 * Untrusted names go inside code spans: a backtick would end the span and a line break the list item, so
 * both (and other control characters) are replaced.
 */
function code(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return `\`${text.replace(/`/g, "'").replace(/[\u0000-\u001f\u007f]/g, '\ufffd')}\``;
}

function sourceLine(facts: ReportFacts): string {
  const { source } = facts;
  const where =
    source.kind === 'hub'
      ? `hub repo ${code(source.hubId ?? '')} at revision ${code(source.revision ?? 'main')}, file ${code(source.file ?? '')}`
      : source.kind === 'url'
        ? `URL ${code(source.url ?? '')}`
        : `${source.kind === 'embedded' ? 'Glassbox embedded model' : 'local file'} ${code(source.file ?? source.label)}`;
  return `${where} (${source.bytes} bytes, sha256 ${code(source.sha256)})`;
}

const EP_NAMES: Readonly<Record<string, string>> = {
  wasm: "'wasm'/'cpu' (WebAssembly CPU)",
  webgpu: "'webgpu' (WebGPU)",
};

/** The report's subject in words: two backends, or two variants of one model on one backend. */
function subject(facts: ReportFacts) {
  const { divergence: d, environment: env, variants: v } = facts;
  const tolerance = `|a − b| ≤ ${d.tolerance.atol} + ${d.tolerance.rtol}·|a|`;
  if (!v) {
    return {
      reference: env.reference,
      other: env.other,
      title: `${env.other} and ${env.reference} disagree`,
      setting: `the ${env.reference} and ${env.other}\nexecution providers give different values`,
      verdict: d.divergent
        ? `is the first node (in topological order) whose output breaks ${tolerance}`
        : `has the largest difference of the run; no value broke ${tolerance}`,
      otherValue: '',
      provider: `${EP_NAMES[env.other] ?? env.other}, compared with ${EP_NAMES[env.reference] ?? env.reference}`,
    };
  }
  const snr = `${number(v.snrDb)} dB`;
  return {
    reference: code(v.reference),
    other: code(v.other),
    title: `two variants of one model disagree (${code(v.other)} against ${code(v.reference)}, ${env.reference})`,
    setting:
      `two variants of the model on the ${env.reference}\nexecution provider give different values: ` +
      `${code(v.other)} (${v.otherBytes} bytes, sha256 ${code(v.otherSha256)}) against the reference ${code(v.reference)}`,
    verdict: v.past
      ? `is the first node (in topological order) whose output's signal-to-noise ratio against the reference falls under ${v.thresholdDb} dB: ${snr}`
      : `has the lowest signal-to-noise ratio of the run, ${snr}; no computed value fell under ${v.thresholdDb} dB`,
    otherValue: `\n- In ${code(v.other)} this value is ${code(v.otherValue)}, computed by op ${code(v.otherOpType)}`,
    provider: `${EP_NAMES[env.reference] ?? env.reference}, for both variants`,
  };
}

export function reportMarkdown(facts: ReportFacts): string {
  const { node, divergence: d, environment: env, cut } = facts;
  const side = subject(facts);
  const adapter = env.adapter
    ? `${env.adapter.vendor || 'unknown vendor'} ${env.adapter.architecture} ${env.adapter.description}`.trim() +
      (env.adapter.isFallbackAdapter ? ' (fallback adapter)' : '') +
      (env.adapter.isSoftware ? ' (software renderer)' : '') +
      `; features: ${env.adapter.features.join(', ') || 'none'}`
    : 'no WebGPU adapter';
  const attributes = node.attributes.length
    ? node.attributes.map((a) => `  - ${code(a.name)} = ${code(a.text)}`).join('\n')
    : '  - (none)';
  const feeds = cut.feeds.map((f) => `${code(f.name)} → ${code(f.path)} (${f.type} [${f.dims.join(', ')}])`);
  const expected = Object.entries(cut.expected).flatMap(([backend, files]) =>
    files.map((f) => `${code(f.name)} on ${backend} → ${code(f.path)}`),
  );
  return `# [Web] ${side.title} on ${node.opType} node ${code(node.name)}

### Describe the issue

Running the same model on the same input with ONNX Runtime Web, ${side.setting}. Node ${code(node.name)} (op ${code(node.opType)}${node.domain ? `, domain ${code(node.domain)}` : ''}, node #${node.index}) ${side.verdict}.

- Value: ${code(d.value)}${side.otherValue}
- max |a − b| = ${number(d.maxAbsDiff)}, max relative difference = ${number(d.maxRelDiff)}${d.note ? `\n- Note: ${d.note}` : ''}
${d.worst ? `- Worst element: flat index ${d.worst.index}: ${side.reference} ${number(d.worst.reference)}, ${side.other} ${number(d.worst.other)}\n` : ''}- First elements on ${side.reference}: ${d.head.reference.map(number).join(', ')}
- First elements on ${side.other}: ${d.head.other.map(number).join(', ')}
- Attributes:
${attributes}
- Inputs: ${node.inputs.map((name) => (name === '' ? '(omitted)' : code(name))).join(', ')}

Model: ${sourceLine(facts)}.

### To reproduce

The attached zip was made by Glassbox's _Prepare a report_ (nothing was uploaded anywhere). It holds a
single-node model cut around this node, with its weights embedded and its captured inputs as .npy:

- Model: ${code(cut.path)}${cut.embedded.length ? ` (embedded: ${cut.embedded.map(code).join(', ')})` : ''}
- Inputs: ${feeds.join('; ') || '(none)'}
- Captured outputs: ${expected.join('; ')}
${cut.note ? `- Note: ${cut.note}\n` : ''}- The full model's input: ${facts.modelInputs.map((f) => `${code(f.name)} → ${code(f.path)}`).join('; ')}

Run ${code(cut.path)} on each execution provider with the inputs and compare with the captured outputs;
${code('node/reproduce.py')} does it with onnxruntime for Python (CPU). In the browser:

\`\`\`js
const session = await ort.InferenceSession.create('node/model.onnx', { executionProviders: ['${env.other}'] });
\`\`\`

### Urgency

None stated (filled in by the reporter).

### ONNX Runtime Installation

Released Package

### ONNX Runtime Version or Commit ID

${env.ortVersion}

### Execution Provider

${side.provider}

### System information

- Browser: ${env.userAgent}
- OS: ${env.platform}
- WebGPU adapter: ${adapter}
- Report made: ${facts.createdAt}
`;
}
