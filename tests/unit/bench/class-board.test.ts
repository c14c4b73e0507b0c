// Grouping the class board: one row per device (cores, GPU adapter, browser) and model, with the WASM
// 1-thread, WASM several-threads and WebGPU medians; software adapters marked; medians of several results.
import { describe, expect, it } from 'vitest';
import {
  boardFigures,
  browserOf,
  buildClassBoard,
  webgpuSpeedup,
} from '../../../src/lib/bench/class-board.ts';
import { participantResult } from '../../support/class-board-files.ts';
import { sampleResult } from './result-fixture.ts';

describe('browserOf', () => {
  it('tells browsers apart by their user agents, Edge and Opera before Chrome', () => {
    expect(browserOf('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome 156');
    expect(browserOf('Mozilla/5.0 HeadlessChrome/150.0.1 Safari/537.36')).toBe('Chrome 150');
    expect(browserOf('Mozilla/5.0 Chrome/140.0 Safari/537.36 Edg/140.0.1')).toBe('Edge 140');
    expect(browserOf('Mozilla/5.0 (X11; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe('Firefox 140');
    expect(browserOf('Mozilla/5.0 (Macintosh) AppleWebKit/605 Version/26.1 Safari/605.1.15')).toBe(
      'Safari 26',
    );
    expect(browserOf('curl/8')).toBe('unknown browser');
  });
});

describe('boardFigures', () => {
  it('takes wasm-1, the most-threaded plain WASM and plain WebGPU, ignoring variants', () => {
    const result = sampleResult();
    const variant = {
      ...result.backends[2]!,
      key: 'webgpu-gpu-outputs',
      stats: { ...result.backends[2]!.stats!, medianMs: 1 },
    };
    const figures = boardFigures({ ...result, backends: [...result.backends, variant] });
    expect(figures.wasm1?.medianMs).toBe(result.backends[0]!.stats!.medianMs);
    expect(figures.wasmN).toEqual({ medianMs: result.backends[1]!.stats!.medianMs, threads: 2 });
    expect(figures.webgpu?.medianMs).toBe(result.backends[2]!.stats!.medianMs);
  });

  it('does not count 4 threads asked and 1 used as several threads, and notes a failed backend', () => {
    const result = sampleResult();
    const [one, two, gpu] = result.backends;
    const figures = boardFigures({
      ...result,
      backends: [
        one!,
        { ...two!, threadsRequested: 4, threadsUsed: 1 },
        { ...gpu!, status: 'failed', stats: null },
      ],
    });
    expect(figures.wasmN).toBeNull();
    expect(figures.webgpu).toBeNull();
    expect(figures.missing).toEqual([`${gpu!.label} failed`]);
  });
});

describe('buildClassBoard', () => {
  it('groups by device and model, takes the median of several results, and marks software adapters', () => {
    // Devices: 0 = 8 cores NVIDIA Chrome, 1 = 4 cores SwiftShader Chrome, 2 = 2 cores no WebGPU Firefox.
    const results = [
      participantResult(0, 0, 0),
      participantResult(1, 0, 0),
      participantResult(2, 0, 0),
      participantResult(3, 1, 0),
      participantResult(4, 2, 0),
      participantResult(5, 1, 1),
    ];
    const board = buildClassBoard(results);
    expect(board.devices.map((d) => `${d.cores}|${d.gpu}|${d.softwareGpu}|${d.browser}`)).toEqual([
      '8|nvidia ampere|false|Chrome 156',
      '4|google swiftshader|true|Chrome 156',
      '2|no WebGPU|false|Firefox 140',
    ]);
    expect(board.rows.map((r) => `${r.device.cores}:${r.modelName}:${r.results}`)).toEqual([
      '8:Tiny sentiment BERT:3',
      '4:NanoDet:1',
      '4:Tiny sentiment BERT:1',
      '2:Tiny sentiment BERT:1',
    ]);
    const first = board.rows[0]!;
    // Three results with wasm-1 medians 4, 4.4, 4.8: the cell is their median, from 3 results.
    expect(first.wasm1?.medianMs).toBeCloseTo(4.4, 9);
    expect(first.wasm1?.results).toBe(3);
    expect(first.wasmN?.threads).toBe(4);
    expect(webgpuSpeedup(first)).toBeGreaterThan(1);
    const software = board.rows[2]!;
    expect(software.device.softwareGpu).toBe(true);
    expect(webgpuSpeedup(software)).toBeLessThan(1);
    const noGpu = board.rows[3]!;
    expect(noGpu.webgpu).toBeNull();
    expect(webgpuSpeedup(noGpu)).toBeNull();
  });

  it('keeps two files of one model id with different hashes apart, naming the hash', () => {
    const a = participantResult(0, 0, 0);
    const b = participantResult(1, 0, 0);
    b.model = { ...b.model, sha256: 'ef'.repeat(32) };
    const board = buildClassBoard([a, b]);
    expect(board.rows).toHaveLength(2);
    expect(board.models.map((m) => m.name).sort()).toEqual([
      'Tiny sentiment BERT (abababab)',
      'Tiny sentiment BERT (efefefef)',
    ]);
  });

  it('is empty for no results', () => {
    expect(buildClassBoard([])).toEqual({ rows: [], devices: [], models: [] });
  });
});
