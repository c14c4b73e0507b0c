// `npm run screenshots` entry point: Node 20 cannot run TypeScript, so this loads scripts/screenshots.ts
// through Vite's module runner, as scripts/bench.mjs does.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const script = fileURLToPath(new URL('./screenshots.ts', import.meta.url));
const { module } = await runnerImport(script, { configFile: false, logLevel: 'error' });
process.exitCode = await module.main(process.argv.slice(2));
