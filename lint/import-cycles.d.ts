// Types of import-cycles.js (plain JavaScript, so eslint.config.js can load it without a build step).
import type { Rule } from 'eslint';

export function importsOf(file: string, text: string): string[];
export function importGraph(root: string, dirs: readonly string[]): Map<string, string[]>;
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][];
export const noImportCycle: Rule.RuleModule;
