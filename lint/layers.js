// The layer rules, as ESLint no-restricted-imports settings per folder. Dependencies flow one way:
// ui → app → workers (through their entry points only) → contracts and lib. Contracts are what crosses
// a worker boundary; ui and app read wire types there, never in a worker's modules. Only
// src/lib/runtime/ort/ touches onnxruntime-web, so the page's bundle never pulls ONNX Runtime.
// tests/unit/lint/layer-rules.test.ts lints a file breaking each rule and checks it is reported.

const ORT = {
  regex: '^onnxruntime-web(/|$)',
  message: 'Only src/lib/runtime/ort/ imports onnxruntime-web (docs/architecture.md, "One ONNX Runtime").',
};
const LIB_UP = {
  regex: '(^|/)(app|ui|workers|contracts)/|(^|/)App\\.svelte$',
  message: 'src/lib/ is the framework-free core: it imports nothing from app/, ui/, contracts/ or workers/.',
};
const CONTRACTS_UP = {
  regex: '(^|/)(app|ui|workers)/',
  message: 'src/contracts/ holds wire types built on lib/ alone: no app/, ui/ or workers/ imports.',
};
const UI_WORKERS = {
  regex: '(^|/)workers/',
  message: 'src/ui/ imports no worker code: wire types come from src/contracts/.',
};
const APP_WORKERS = {
  regex: '(^|/)workers/(?!([\\w-]+/)*[\\w-]+\\.worker\\.ts$)',
  message:
    'src/app/ imports from workers/ only their entry points (*.worker.ts, for the API type): wire types come from src/contracts/.',
};
const WORKERS_UP = {
  regex: '(^|/)src/(app|ui)/|(^|/)App\\.svelte$',
  message: 'Workers import no page code (src/app/, src/ui/).',
};

function restrict(files, patterns, ignores = []) {
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export const layerRules = [
  restrict(['src/lib/**/*.{ts,js,svelte}'], [LIB_UP, ORT], ['src/lib/runtime/ort/**']),
  restrict(['src/lib/runtime/ort/**/*.ts'], [LIB_UP]),
  restrict(['src/contracts/**/*.ts'], [CONTRACTS_UP, ORT]),
  restrict(['src/ui/**/*.{ts,svelte}'], [UI_WORKERS, ORT]),
  restrict(['src/app/**/*.{ts,svelte}', 'src/*.{ts,svelte}'], [APP_WORKERS, ORT]),
  restrict(['workers/**/*.ts'], [WORKERS_UP, ORT]),
];
