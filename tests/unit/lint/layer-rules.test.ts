// The layer rules and the cycle check, through ESLint's own API with the project's config: a fixture
// module breaking each rule, linted as if it sat in the layer it breaks, is reported; one that keeps the
// rules is not; and the real tree has no import cycle.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, importsOf } from '../../../lint/import-cycles.js';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The messages of no-restricted-imports for a fixture module linted at file (which need not exist). */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Each fixture breaks one rule; `ok` is the same layer keeping the rules.
const FIXTURES: Array<{ rule: string; file: string; bad: string; ok: string }> = [
  {
    rule: 'lib/ imports no app/',
    file: 'src/lib/fixture-layer.ts',
    bad: "import { Workbench } from '../app/workbench.svelte.ts';\nexport const x = Workbench;\n",
    ok: "import { formatBytes } from './format.ts';\nexport const x = formatBytes;\n",
  },
  {
    rule: 'lib/ imports no ui/',
    file: 'src/lib/tasks/fixture-layer.ts',
    bad: "import type { Props } from '../../ui/graph-colors.ts';\nexport type X = Props;\n",
    ok: "import type { TaskId } from './registry.ts';\nexport type X = TaskId;\n",
  },
  {
    rule: 'lib/ imports no workers/',
    file: 'src/lib/fixture-layer.ts',
    bad: "import { TextClassifier } from '../../workers/inference/tasks/text-classifier.ts';\nexport const x = TextClassifier;\n",
    ok: "import { GlassboxError } from './errors.ts';\nexport const x = GlassboxError;\n",
  },
  {
    rule: 'ui/ imports no workers/, not even types',
    file: 'src/ui/fixture-layer.ts',
    bad: "import type { GenericRun } from '../../workers/inference/tasks/generic-model.ts';\nexport type X = GenericRun;\n",
    ok: "import type { GenericRun } from '../contracts/inference.ts';\nexport type X = GenericRun;\n",
  },
  {
    rule: 'app/ imports from workers/ only their entry points',
    file: 'src/app/fixture-layer.ts',
    bad: "import type { LoadTimings } from '../../workers/inference/inference-service.ts';\nexport type X = LoadTimings;\n",
    ok: "import type { InferenceApi } from '../../workers/inference/inference.worker.ts';\nexport type X = InferenceApi;\n",
  },
  {
    rule: 'only lib/runtime/ort/ imports onnxruntime-web (app)',
    file: 'src/app/fixture-layer.ts',
    bad: "import * as ort from 'onnxruntime-web';\nexport const x = ort;\n",
    ok: "import { wrap } from 'comlink';\nexport const x = wrap;\n",
  },
  {
    rule: 'only lib/runtime/ort/ imports onnxruntime-web (lib)',
    file: 'src/lib/sources/fixture-layer.ts',
    bad: "import * as ort from 'onnxruntime-web/wasm';\nexport const x = ort;\n",
    ok: "import { excerpt } from '../visible-text.ts';\nexport const x = excerpt;\n",
  },
  {
    rule: 'only lib/runtime/ort/ imports onnxruntime-web (workers)',
    file: 'workers/fixture-layer.ts',
    bad: "import * as ort from 'onnxruntime-web';\nexport const x = ort;\n",
    ok: "import { createSession } from '../src/lib/runtime/onnx-runtime.ts';\nexport const x = createSession;\n",
  },
  {
    rule: 'workers import no page code',
    file: 'workers/fixture-layer.ts',
    bad: "import { Workbench } from '../src/app/workbench/workbench.svelte.ts';\nexport const x = Workbench;\n",
    ok: "import { CRASH_FOR_TEST } from '../src/contracts/inference.ts';\nexport const x = CRASH_FOR_TEST;\n",
  },
  {
    rule: 'contracts import no workers/',
    file: 'src/contracts/fixture-layer.ts',
    bad: "import type { ServedModel } from '../../workers/inference/served-model.ts';\nexport type X = ServedModel;\n",
    ok: "import type { Backend } from '../lib/runtime/backend.ts';\nexport type X = Backend;\n",
  },
];

describe('layer rules (ESLint no-restricted-imports, lint/layers.js)', () => {
  // Loading the project's ESLint config (typescript-eslint, svelte) takes seconds on a busy machine: once,
  // here, with a generous limit, so each case below lints in milliseconds.
  beforeAll(async () => {
    await eslint.calculateConfigForFile(path.join(root, 'src/lib/format.ts'));
  }, 60_000);

  it.each(FIXTURES)('reports: $rule', async ({ file, bad, ok }) => {
    const reported = await restricted(file, bad);
    expect(reported).toHaveLength(1);
    expect(await restricted(file, ok)).toEqual([]);
  });

  it('lets lib/runtime/ort/ import onnxruntime-web, and no other folder of lib/runtime/', async () => {
    const code = "import * as ort from 'onnxruntime-web/wasm';\nexport const x = ort;\n";
    expect(await restricted('src/lib/runtime/ort/fixture-layer.ts', code)).toEqual([]);
    expect(await restricted('src/lib/runtime/fixture-layer.ts', code)).toHaveLength(1);
  });
});

describe('import cycles (lint/import-cycles.js)', () => {
  it('finds a cycle of two modules and one through three, and none in a chain', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/a.ts']],
      ['/c.ts', ['/d.ts']],
      ['/d.ts', ['/e.ts']],
      ['/e.ts', ['/c.ts', '/f.ts']],
      ['/f.ts', []],
      ['/g.ts', ['/f.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([
      ['/a.ts', '/b.ts'],
      ['/c.ts', '/d.ts', '/e.ts'],
    ]);
  });

  it('takes a recursive Svelte component for recursion, and a module importing itself for a cycle', () => {
    expect(cyclesOf(new Map([['/Tree.svelte', ['/Tree.svelte']]]))).toEqual([]);
    expect(cyclesOf(new Map([['/a.ts', ['/a.ts']]]))).toEqual([['/a.ts']]);
  });

  it('reads type-only, multi-line and re-export imports', () => {
    const text =
      "import type {\n  A,\n  B,\n} from './a.ts';\nexport { c } from '../c.ts';\nimport './side.ts';\nimport x from 'pkg';\n";
    expect(importsOf('/src/lib/m.ts', text)).toEqual(['/src/lib/a.ts', '/src/c.ts', '/src/lib/side.ts']);
  });

  it('finds no cycle among the modules of src/ and workers/', () => {
    const graph = importGraph(root, ['src', 'workers']);
    expect(graph.size).toBeGreaterThan(200);
    expect(cyclesOf(graph).map((cycle) => cycle.map((file) => path.relative(root, file)))).toEqual([]);
  });
});
