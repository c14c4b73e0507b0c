// Import cycles among the app's modules (src/ and workers/), found from the files on disk: every static
// import and re-export with a relative specifier, type-only ones included (a cycle of types still ties
// two modules together). The ESLint rule below reports each module that sits on a cycle, naming it.
import fs from 'node:fs';
import path from 'node:path';

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const SOURCE = /\.(ts|js|svelte)$/;

/** Relative imports of one module's text, resolved against its path. */
export function importsOf(file, text) {
  const out = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2];
    out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

/** Every module under dirs, with its imports: Map<file, file[]>. */
export function importGraph(root, dirs) {
  const graph = new Map();
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name)) {
        let text = fs.readFileSync(full, 'utf8');
        // A Svelte component's imports are in its <script> blocks.
        if (full.endsWith('.svelte'))
          text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
        graph.set(full, importsOf(full, text));
      }
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return graph;
}

/** The cycles of a graph, as strongly connected components of more than one module (or a self-import). */
export function cyclesOf(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indexOf.get(next)));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      // A Svelte component that renders itself (a tree) imports itself: recursion, not a cycle.
      const selfImport = !node.endsWith('.svelte') && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

let cached = null;

/** ESLint rule: a module on an import cycle is reported once, with the modules of its cycle. */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules of src/ and workers/ import each other in one direction only.' },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const root = context.cwd;
        cached ??= new Map(
          cyclesOf(importGraph(root, ['src', 'workers'])).flatMap((cycle) =>
            cycle.map((file) => [file, cycle]),
          ),
        );
        const cycle = cached.get(context.filename);
        if (!cycle) return;
        const names = cycle.map((file) => path.relative(root, file)).join(', ');
        context.report({ node, message: `This module is on an import cycle: ${names}.` });
      },
    };
  },
};
