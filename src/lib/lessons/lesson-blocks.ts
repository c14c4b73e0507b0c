// A lesson step's words as blocks (pure): plain paragraphs, and Markdown tables (a block whose every line
// starts with "|", the second line the "| --- |" separator), so figures read as a table rather than a
// paragraph of numbers. A table whose rows do not match its header is reported.

export type LessonBlock =
  { kind: 'paragraph'; text: string } | { kind: 'table'; header: string[]; rows: string[][] };

/** At most this many rows and columns per table: a lesson's table is a handful of figures. */
const MAX_ROWS = 50;
const MAX_COLUMNS = 8;

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim());
}

/** The words after a step's settings → blocks; report(problem) for a malformed table. */
export function parseBlocks(lines: readonly string[], report: (problem: string) => void): LessonBlock[] {
  const blocks: LessonBlock[] = [];
  for (const block of lines.join('\n').split(/\n\s*\n/)) {
    const rows = block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (rows.length === 0) continue;
    if (!rows.every((line) => line.startsWith('|'))) {
      blocks.push({ kind: 'paragraph', text: rows.join(' ') });
      continue;
    }
    const [head, separator, ...body] = rows;
    const header = cells(head ?? '');
    if (!separator || !cells(separator).every((cell) => /^:?-{3,}:?$/.test(cell))) {
      report('a table needs a separator line such as “| --- | --- |” under its header.');
      continue;
    }
    if (header.length > MAX_COLUMNS || body.length > MAX_ROWS) {
      report(`a table may have ${MAX_COLUMNS} columns and ${MAX_ROWS} rows.`);
      continue;
    }
    const table = body.map(cells);
    const wrong = table.findIndex((row) => row.length !== header.length);
    if (wrong >= 0) {
      report(`table row ${wrong + 1} has ${table[wrong]?.length} cells; its header has ${header.length}.`);
      continue;
    }
    blocks.push({ kind: 'table', header, rows: table });
  }
  return blocks;
}
