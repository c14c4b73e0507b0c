// Saves an export as a file the browser downloads, named after the model and the time of the run.
import type { BenchResult } from '../../lib/bench/result-types.ts';

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

/** Copies a Markdown table; when the clipboard refuses, the text to show for copying by hand. */
export async function copyMarkdown(markdown: string): Promise<{ notice: string; fallback: string | null }> {
  try {
    await navigator.clipboard.writeText(markdown);
    return { notice: 'Markdown table copied.', fallback: null };
  } catch {
    return { notice: 'The clipboard refused; copy the Markdown below by hand.', fallback: markdown };
  }
}
