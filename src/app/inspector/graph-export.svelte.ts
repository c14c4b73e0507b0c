// The inspector's exports: the graph as SVG or PNG (the whole graph, drawn in full for a moment, not just
// what is on screen) and the model's summary as JSON, each downloaded under the model's name.
import { tick } from 'svelte';
import type { GraphView, OpenedModel } from '../../contracts/inspector.ts';
import type { ErrorData } from '../../lib/errors.ts';
import type { InspectorClient } from './inspector-client.ts';
import { downloadBlob, exportBaseName, exportSize, standaloneSvg, svgToPng } from './inspector-export.ts';

export class GraphExport {
  /** Set while exporting: the canvas then draws the whole graph in full detail, not just what is on screen. */
  drawAll = $state(false);
  error = $state.raw<ErrorData | null>(null);

  constructor(
    private readonly client: InspectorClient,
    private readonly target: () => { model: OpenedModel | null; view: GraphView | null },
  ) {}

  async svg(svg: SVGSVGElement): Promise<void> {
    const { view } = this.target();
    if (!view) return;
    const markup = await this.wholeDrawing(svg, view);
    downloadBlob(new Blob([markup], { type: 'image/svg+xml' }), `${this.name()}.svg`);
  }

  async png(svg: SVGSVGElement): Promise<void> {
    const { view } = this.target();
    if (!view) return;
    this.error = null;
    try {
      const { width, height } = exportSize(view.bounds);
      const png = await svgToPng(await this.wholeDrawing(svg, view), width, height);
      downloadBlob(png, `${this.name()}.png`);
    } catch (error) {
      this.error = {
        code: 'unknown',
        message: 'The PNG could not be drawn.',
        remedy: 'Export SVG instead, or collapse groups to make the drawing smaller.',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async summary(): Promise<void> {
    const { model } = this.target();
    if (!model) return;
    const json = await this.client.call((service) => service.summaryJson(model.inspectedId));
    downloadBlob(new Blob([json], { type: 'application/json' }), `${this.name()}.summary.json`);
  }

  /** The whole graph as a standalone SVG: drawn in full for a moment, copied, then culled again. */
  private async wholeDrawing(svg: SVGSVGElement, view: GraphView): Promise<string> {
    this.drawAll = true;
    try {
      await tick();
      return standaloneSvg(svg, view.bounds);
    } finally {
      this.drawAll = false;
    }
  }

  private name(): string {
    return exportBaseName(this.target().model?.name ?? 'model');
  }
}
