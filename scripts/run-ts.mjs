// Runs a TypeScript script's main(args) through Vite's module runner (Node 20 cannot run TypeScript):
// node scripts/run-ts.mjs scripts/<name>.ts [arguments…]
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const [script, ...args] = process.argv.slice(2);
if (!script) throw new Error('Usage: node scripts/run-ts.mjs scripts/<name>.ts [arguments…]');
const { module } = await runnerImport(resolve(script), { configFile: false, logLevel: 'error' });
process.exitCode = await module.main(args);
