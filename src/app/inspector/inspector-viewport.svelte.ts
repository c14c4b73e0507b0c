// Pan and zoom of the graph canvas as one translate + scale: moving the view changes a single transform
// attribute, never the drawing, so it stays cheap on graphs of hundreds of nodes.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 4;
/** Fitting never enlarges a small graph beyond this: boxes would look oversized. */
const MAX_FIT_SCALE = 1.25;
/** Centring on a node zooms in at least this far, so its labels are readable. */
const READABLE_SCALE = 0.8;
const FIT_MARGIN = 24;

/** Below this zoom labels are unreadable anyway: boxes are drawn without text (much cheaper to paint). */
export const DETAIL_SCALE = 0.4;

const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** A part of the drawing, in drawing px. */
export interface Region {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export class InspectorViewport {
  /** px: where the drawing's origin is on screen, and the zoom factor. */
  x = $state(0);
  y = $state(0);
  scale = $state(1);
  /** px: size of the canvas element (0 while it is hidden). */
  width = $state(0);
  height = $state(0);
  /** A fit or centring asked for while the canvas had no size yet, applied once it has one. */
  private pending: (() => void) | null = null;

  /**
   * The part of the drawing worth putting in the DOM: what is on screen plus a margin, snapped to a coarse
   * grid and zoom steps, so panning and zooming change it (and the DOM) only now and then, not per frame.
   * Painting only this keeps a frame cheap however large the graph is.
   */
  private readonly regionKey = $derived.by((): string => {
    if (this.width <= 0 || this.height <= 0) return '';
    // A zoom step at most √2 below the scale: the region covers the screen at any zoom within the step.
    const stepScale = 2 ** (Math.floor(Math.log2(this.scale) * 2) / 2);
    const width = this.width / stepScale;
    const height = this.height / stepScale;
    const grid = Math.max(width, height) / 2;
    const centreX = Math.round((this.width / 2 - this.x) / this.scale / grid) * grid;
    const centreY = Math.round((this.height / 2 - this.y) / this.scale / grid) * grid;
    const edges = [centreX - width / 2 - grid, centreY - height / 2 - grid, centreX + width / 2 + grid];
    return [...edges, centreY + height / 2 + grid].join(' ');
  });

  /** null while the canvas has no size. Changes only when its key does: a string compares by value. */
  readonly region = $derived(parseRegion(this.regionKey));

  /** Whether labels are drawn at this zoom. */
  readonly detailed = $derived(this.scale >= DETAIL_SCALE);

  get transform(): string {
    return `translate(${this.x} ${this.y}) scale(${this.scale})`;
  }

  setSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    if (width > 0 && height > 0 && this.pending) {
      const apply = this.pending;
      this.pending = null;
      apply();
    }
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
  }

  /** Zooms by factor keeping the screen point (px, py), relative to the canvas, fixed. */
  zoomAt(factor: number, px: number, py: number): void {
    const scale = clampScale(this.scale * factor);
    const applied = scale / this.scale;
    this.x = px - (px - this.x) * applied;
    this.y = py - (py - this.y) * applied;
    this.scale = scale;
  }

  /** Zooms around the canvas centre (the toolbar buttons). */
  zoomBy(factor: number): void {
    this.zoomAt(factor, this.width / 2, this.height / 2);
  }

  /** Shows the whole box. */
  fit(box: Box): void {
    if (!this.hasSize(() => this.fit(box))) return;
    const scale = clampScale(
      Math.min(
        (this.width - 2 * FIT_MARGIN) / Math.max(1, box.width),
        (this.height - 2 * FIT_MARGIN) / Math.max(1, box.height),
        MAX_FIT_SCALE,
      ),
    );
    this.scale = scale;
    this.x = (this.width - box.width * scale) / 2 - box.x * scale;
    this.y = Math.max(FIT_MARGIN, (this.height - box.height * scale) / 2) - box.y * scale;
  }

  /**
   * The first look at a graph: all of it (inputs to outputs) while labels are still drawn, else its top at
   * a readable scale
   * (a tall network fitted whole is a thin line of dots), centred on `start` (the first input).
   */
  show(box: Box, start?: Box): void {
    if (!this.hasSize(() => this.show(box, start))) return;
    this.fit(box);
    if (this.scale >= DETAIL_SCALE) return;
    this.scale = READABLE_SCALE;
    const anchor = start ?? box;
    this.x = this.width / 2 - (anchor.x + anchor.width / 2) * this.scale;
    this.y = FIT_MARGIN - box.y * this.scale;
  }

  /** Puts the box in the middle of the canvas, zooming in if it would be too small to read. */
  centreOn(box: Box): void {
    if (!this.hasSize(() => this.centreOn(box))) return;
    this.scale = Math.max(this.scale, READABLE_SCALE);
    this.x = this.width / 2 - (box.x + box.width / 2) * this.scale;
    this.y = this.height / 2 - (box.y + box.height / 2) * this.scale;
  }

  private hasSize(retry: () => void): boolean {
    if (this.width > 0 && this.height > 0) return true;
    this.pending = retry;
    return false;
  }
}

function parseRegion(key: string): Region | null {
  if (!key) return null;
  const [left = 0, top = 0, right = 0, bottom = 0] = key.split(' ').map(Number);
  return { left, top, right, bottom };
}
