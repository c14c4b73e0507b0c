// `npm run bench` entry point. Node 20 cannot run TypeScript, so this loads scripts/bench-cli.ts through
// Vite's module runner (the same transform the app's build uses) and hands it the arguments.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const cli = fileURLToPath(new URL('./bench-cli.ts', import.meta.url));
const { module } = await runnerImport(cli, { configFile: false, logLevel: 'error' });
process.exitCode = await module.main(process.argv.slice(2));
