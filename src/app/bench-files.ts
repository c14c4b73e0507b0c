// Saves an export as a file the browser downloads, named after the model and the time of the run.
import type { BenchResult } from '../lib/bench/result-types.ts';

export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked later, not at once: the download may not have started reading the blob yet.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function resultFileStem(result: BenchResult): string {
  return `glassbox-bench-${result.model.id}-${result.createdAt.replace(/[:.]/g, '-')}`;
}
