import { describe, expect, it } from 'vitest';
import { csvCell, formatRatio, markdownCell, toCsv, toMarkdown } from '../../../src/lib/bench/export.ts';
import { sampleResult } from './result-fixture.ts';

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(1.23456789)).toBe('1.234568');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('has a header and one row per configuration', () => {
    const lines = toCsv(sampleResult()).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^model,model_sha256,config,backend,status,/);
    expect(lines[1]).toMatch(/^tiny-sentiment-bert,abab.*,WASM 1 thread,wasm,ok,1,1,12,300,20,2,4,10,/);
    expect(lines[3]).toContain('Software WebGPU adapter');
  });
});

describe('Markdown export', () => {
  it('writes a table with every configuration, the speedups and the flags', () => {
    const markdown = toMarkdown(sampleResult());
    expect(markdown).toContain('| Backend | Threads | Session | First run | Median |');
    expect(markdown).toContain('| WASM 1 thread | 1 | 300.0 ms | 20.0 ms | 10.8 ms |');
    expect(markdown).toMatch(/\| WASM 2 threads \| 2 \|.*\| 1\.6\d× \(/);
    expect(markdown).toContain('Tiny \\| sentiment BERT');
    expect(markdown).toMatch(/Overhead of the playground path .* on WASM \d threads?:/);
    expect(markdown).toContain('| 0.026× (0.024×–0.029×) |');
    expect(markdown).toContain('WebGPU vs WASM 1 thread: outputs agree');
    // Configuration keys are for machines; people read labels.
    expect(markdown).not.toMatch(/wasm-\d|\bwebgpu\b/);
    expect(markdown).toContain('> WebGPU ran on a software adapter');
  });

  it('escapes cell text and formats ratios', () => {
    expect(markdownCell('a|b\nc <b>')).toBe('a\\|b c \\<b\\>');
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatRatio(123.4)).toBe('123.4×');
    expect(formatRatio(0.0263)).toBe('0.026×');
  });
});
