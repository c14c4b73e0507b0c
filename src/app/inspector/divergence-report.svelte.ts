// Prepare a report: after WASM and WebGPU were compared, one zip a runtime team can act on — made in the
// worker that holds both captures, downloaded here; nothing is sent anywhere. When no value broke the
// tolerance (as on this machine's SwiftShader adapter), the report is still offered for the value that
// differs most, and says so.
import type { BackendComparison, ValueDivergence } from '../../lib/capture/capture-types.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { ModelSourceFacts } from '../../lib/report/report-types.ts';
import { probeWebGpu, type GpuLike } from '../../lib/runtime/webgpu-probe.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import type { PreparedReport, ReportRequest } from '../../contracts/report.ts';
import { downloadBlob } from './inspector-export.ts';

export type ReportStatus =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'ready'; fileName: string; parts: string[]; node: string }
  | { kind: 'failed'; error: ErrorData };

/** The value a report is about: the first divergent one, else the one with the largest difference. */
export function reportedValue(comparison: BackendComparison): ValueDivergence | null {
  if (comparison.firstDivergent) return comparison.firstDivergent;
  let largest: ValueDivergence | null = null;
  for (const value of comparison.values) {
    if (!Number.isFinite(value.maxAbsDiff)) continue;
    if (!largest || value.maxAbsDiff > largest.maxAbsDiff) largest = value;
  }
  return largest;
}

/** What the page knows of where the model came from: hub id and revision, or the file's name. */
export function reportSource(location: ModelLocation): ReportRequest['source'] {
  const base = {
    kind: location.origin === 'local' ? 'file' : location.origin,
    label: location.label,
  } as const;
  if (location.origin === 'hub') {
    // "hub:<owner/name>@<revision>#<dtype>"
    const match = /^hub:([^@]+)@([^#]+)/.exec(location.key);
    const file = decodeURIComponent(new URL(location.files.model).pathname.split('/resolve/')[1] ?? '');
    return {
      ...base,
      hubId: match?.[1] ?? location.label,
      revision: match?.[2] ?? 'main',
      file: file.split('/').slice(1).join('/') || file,
    };
  }
  if (location.origin === 'url') return { ...base, url: location.files.model };
  const name = location.fileNames?.[location.files.model] ?? location.label;
  return { ...base, file: name } satisfies Omit<ModelSourceFacts, 'sha256' | 'bytes'>;
}

/** The page's browser, OS and WebGPU adapter, for a report's system information. */
export async function pageEnvironment(): Promise<ReportRequest['environment']> {
  const nav = navigator as Navigator & { gpu?: GpuLike; userAgentData?: { platform?: string } };
  const status = await probeWebGpu(nav.gpu, isSecureContext);
  return {
    adapter: status.available ? status.adapter : null,
    userAgent: navigator.userAgent,
    platform: nav.userAgentData?.platform || navigator.platform || 'unknown',
  };
}

export interface ReportContext {
  comparison: BackendComparison | null;
  location: ModelLocation | null;
  prepare: ((request: ReportRequest) => Promise<PreparedReport>) | null;
}

export class DivergenceReport {
  status = $state.raw<ReportStatus>({ kind: 'idle' });

  constructor(private readonly context: () => ReportContext) {}

  reset(): void {
    this.status = { kind: 'idle' };
  }

  async prepare(): Promise<boolean> {
    const { comparison, location, prepare } = this.context();
    const value = comparison ? reportedValue(comparison) : null;
    if (!comparison || !location || !prepare || !value) {
      this.status = {
        kind: 'failed',
        error: {
          code: 'no-run-yet',
          message: 'There is no comparison of WASM and WebGPU to report.',
          remedy: 'Choose Compare WASM and WebGPU first.',
        },
      };
      return false;
    }
    this.status = { kind: 'working' };
    try {
      const report = await prepare({
        referenceId: comparison.reference.captureId,
        otherId: comparison.other.captureId,
        value: value.name,
        tolerance: { ...comparison.tolerance },
        source: reportSource(location),
        environment: await pageEnvironment(),
      });
      const fileName = `glassbox-report-${
        report.node
          .replace(/[^\w.-]+/g, '_')
          .replace(/^_+/, '')
          .slice(0, 60) || 'node'
      }.zip`;
      downloadBlob(new Blob([report.zip], { type: 'application/zip' }), fileName);
      this.status = { kind: 'ready', fileName, parts: report.parts, node: report.node };
      return true;
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
      return false;
    }
  }
}
