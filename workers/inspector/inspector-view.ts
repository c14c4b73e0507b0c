// The graph as the canvas draws it: the graph core's visible graph and layout, plus display text sized to
// each box, shape labels on edges, repeat marks on groups, and frames around expanded scopes. Pure.
import {
  buildVisibleGraph,
  layoutGraph,
  scopeAncestry,
  type IRDim,
  type LaidOutNode,
  type VisibleNode,
} from '../../src/lib/graph/index.ts';
import type { InspectedModel } from './inspected-model.ts';
import type { GraphView, ScopeFrame, ViewEdge, ViewNode } from '../../src/contracts/inspector.ts';
import { clipText, visibleClip } from '../../src/lib/visible-text.ts';
import { formatCompactCount, formatDims } from './inspector-text.ts';

/** Average advance of the 12 px title and 10 px subtitle fonts the canvas uses. */
const TITLE_CHAR_PX = 7;
const SUBTITLE_CHAR_PX = 6;
const PADDING_X = 12;
const MIN_WIDTH = 64;
const MAX_WIDTH = 240;
/** Frames: room for the header line above the contents, and a margin on the other sides. */
const FRAME_HEADER = 18;
const FRAME_MARGIN = 8;
const MAX_TOOLTIP_VALUES = 8;
/** Box titles and tooltip lines are clipped: a name may be 100,000 characters long. */
const TITLE_CHARS = 80;
const TOOLTIP_LINE_CHARS = 200;

interface NodeText {
  title: string;
  subtitle: string;
  tooltip: string;
  scopePath: string;
  weightCount: number;
}

function parentPath(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

function valueTypeText(inspected: InspectedModel, name: string): string {
  const value = inspected.ir.values.get(name);
  return `${value?.dtype ?? 'unknown'} ${formatDims(value?.shape)}`;
}

function nodeText(inspected: InspectedModel, node: VisibleNode, constantsFolded: boolean): NodeText {
  const { ir, tree } = inspected;
  switch (node.kind) {
    case 'op': {
      const irNode = inspected.nodeById.get(node.id);
      const weights = (irNode?.inputs ?? []).filter((name) => ir.values.get(name)?.kind === 'initializer');
      const first = weights[0];
      const subtitle =
        first === undefined
          ? ''
          : `W ${formatDims(ir.values.get(first)?.shape)}${weights.length > 1 ? ` +${weights.length - 1}` : ''}`;
      const name = visibleClip(irNode?.name ?? '', TOOLTIP_LINE_CHARS);
      const title = visibleClip(node.label, TITLE_CHARS);
      const weightLines = weights
        .slice(0, MAX_TOOLTIP_VALUES)
        .map((weight) => `${visibleClip(weight, TOOLTIP_LINE_CHARS)}: ${valueTypeText(inspected, weight)}`);
      // Constants folded into this box: their values are part of what it computes, so the box says them.
      const folded = constantsFolded
        ? (irNode?.inputs ?? []).flatMap((input) => {
            const producer = ir.values.get(input)?.producer;
            const constant = inspected.constants.get(input);
            return producer !== undefined && inspected.foldableIds.has(producer) && constant
              ? [constant]
              : [];
          })
        : [];
      const constantLines = folded
        .slice(0, MAX_TOOLTIP_VALUES)
        .map((constant) => `constant ${visibleClip(constant.preview, TOOLTIP_LINE_CHARS)}`);
      const firstFolded = folded[0];
      const constantSubtitle =
        firstFolded === undefined
          ? ''
          : `${firstFolded.preview.slice(firstFolded.preview.indexOf('=') + 1).trim()}${folded.length > 1 ? ` +${folded.length - 1}` : ''}`;
      return {
        title,
        subtitle: subtitle || constantSubtitle,
        tooltip: [name ? `${title} ${name}` : title, ...weightLines, ...constantLines].join('\n'),
        scopePath: tree.scopeOfNode.get(node.id) ?? '',
        weightCount: weights.length,
      };
    }
    case 'group': {
      const nodes = `${node.nodeCount ?? 0} nodes`;
      const parameters = node.parameterCount ? ` · ${formatCompactCount(node.parameterCount)} params` : '';
      const repeat = inspected.repeatOf.get(node.detail);
      const repeatLine = repeat ? `\nblock ${repeat.index + 1} of ${repeat.count} identical blocks` : '';
      return {
        title: visibleClip(node.label, TITLE_CHARS),
        subtitle: `${nodes}${parameters}`,
        tooltip: `${visibleClip(node.detail, TOOLTIP_LINE_CHARS)}\n${nodes}${parameters}${repeatLine}`,
        scopePath: node.detail,
        weightCount: 0,
      };
    }
    case 'input':
    case 'output': {
      const type = valueTypeText(inspected, node.label);
      return {
        title: visibleClip(node.label, TITLE_CHARS),
        subtitle: type,
        tooltip: `graph ${node.kind}: ${visibleClip(node.label, TOOLTIP_LINE_CHARS)}\n${type}`,
        scopePath: '',
        weightCount: 0,
      };
    }
  }
}

function boxSize(kind: VisibleNode['kind'], text: NodeText): { width: number; height: number } {
  const content = Math.max(text.title.length * TITLE_CHAR_PX, text.subtitle.length * SUBTITLE_CHAR_PX);
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(content + 2 * PADDING_X)));
  const height = kind === 'group' ? 48 : text.subtitle ? 42 : 30;
  return { width, height };
}

function edgeText(
  inspected: InspectedModel,
  values: readonly string[],
): { label: string | null; tooltip: string } {
  const shapeOf = (name: string): IRDim[] | undefined => inspected.ir.values.get(name)?.shape;
  const first = values[0];
  const firstShape = first === undefined ? undefined : shapeOf(first);
  const more = values.length > 1 ? ` +${values.length - 1}` : '';
  const label = firstShape === undefined && !more ? null : `${formatDims(firstShape)}${more}`;
  const lines = values
    .slice(0, MAX_TOOLTIP_VALUES)
    .map((name) => `${visibleClip(name, TOOLTIP_LINE_CHARS)}: ${valueTypeText(inspected, name)}`);
  if (values.length > MAX_TOOLTIP_VALUES) lines.push(`… ${values.length - MAX_TOOLTIP_VALUES} more`);
  return { label: label === null ? null : clipText(label, 28), tooltip: lines.join('\n') };
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function union(a: Box | undefined, b: Box): Box {
  if (!a) return { ...b };
  return {
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
    x2: Math.max(a.x2, b.x2),
    y2: Math.max(a.y2, b.y2),
  };
}

/**
 * Frames of the expanded scopes that have something visible inside, each enclosing its nested frames, so
 * a frame reads as "everything in this scope". Deepest first, so parents can take their children's boxes.
 */
function scopeFrames(
  inspected: InspectedModel,
  expanded: ReadonlySet<string>,
  nodes: readonly ViewNode[],
): ScopeFrame[] {
  const framed = (path: string) =>
    expanded.has(path) && (inspected.tree.byPath.get(path)?.totalNodeCount ?? 0) > 1;
  const contents = new Map<string, Box>();
  for (const node of nodes) {
    const owner =
      node.kind === 'group' ? parentPath(node.scopePath) : node.kind === 'op' ? node.scopePath : '';
    const box = { x1: node.x, y1: node.y, x2: node.x + node.width, y2: node.y + node.height };
    for (const path of scopeAncestry(owner))
      if (framed(path)) contents.set(path, union(contents.get(path), box));
  }
  const nearestFramedAncestor = (path: string): string | undefined =>
    scopeAncestry(parentPath(path))
      .reverse()
      .find((ancestor) => contents.has(ancestor));
  const frames: ScopeFrame[] = [];
  const depthOf = (path: string) => inspected.tree.byPath.get(path)?.depth ?? 0;
  const deepestFirst = [...contents.keys()].sort((a, b) => depthOf(b) - depthOf(a));
  for (const path of deepestFirst) {
    const inner = contents.get(path);
    if (!inner) continue;
    const box = {
      x1: inner.x1 - FRAME_MARGIN,
      y1: inner.y1 - FRAME_HEADER,
      x2: inner.x2 + FRAME_MARGIN,
      y2: inner.y2 + FRAME_MARGIN,
    };
    const parent = nearestFramedAncestor(path);
    if (parent !== undefined) contents.set(parent, union(contents.get(parent), box));
    const frame: ScopeFrame = {
      path,
      label: visibleClip(inspected.tree.byPath.get(path)?.name ?? path, TITLE_CHARS),
      depth: depthOf(path),
      x: box.x1,
      y: box.y1,
      width: box.x2 - box.x1,
      height: box.y2 - box.y1,
    };
    const repeat = inspected.repeatOf.get(path);
    if (repeat) frame.repeat = repeat;
    frames.push(frame);
  }
  // Outer frames first, so inner ones are drawn on top.
  return frames.reverse();
}

/** The graph's Constants drawn as boxes (constantsShown) or folded into their consumers (the default). */
export function hiddenNodes(inspected: InspectedModel, constantsShown: boolean): ReadonlySet<string> {
  return constantsShown ? new Set() : inspected.foldableIds;
}

export function buildGraphView(
  inspected: InspectedModel,
  expandedPaths: Iterable<string>,
  constantsShown = false,
): GraphView {
  const started = performance.now();
  const expanded = new Set(expandedPaths);
  const visible = buildVisibleGraph(inspected.ir, inspected.tree, expanded, {
    hidden: hiddenNodes(inspected, constantsShown),
  });
  const texts = new Map(visible.nodes.map((node) => [node.id, nodeText(inspected, node, !constantsShown)]));
  const sizes = new Map(
    visible.nodes.map((node) => {
      const text = texts.get(node.id);
      return [node.id, text ? boxSize(node.kind, text) : { width: MIN_WIDTH, height: 30 }];
    }),
  );
  const layout = layoutGraph(visible, {
    sizeOf: (node) => sizes.get(node.id) ?? { width: MIN_WIDTH, height: 30 },
  });
  const boxes = new Map<string, LaidOutNode>(layout.nodes.map((box) => [box.id, box]));

  const nodes: ViewNode[] = visible.nodes.map((node) => {
    const text = texts.get(node.id) ?? {
      title: '',
      subtitle: '',
      tooltip: '',
      scopePath: '',
      weightCount: 0,
    };
    const box = boxes.get(node.id) ?? { x: 0, y: 0, width: MIN_WIDTH, height: 30 };
    const titleChars = Math.floor((box.width - 2 * PADDING_X) / TITLE_CHAR_PX);
    const subtitleChars = Math.floor((box.width - 2 * PADDING_X) / SUBTITLE_CHAR_PX);
    const viewNode: ViewNode = {
      id: node.id,
      kind: node.kind,
      title: clipText(text.title, titleChars),
      subtitle: clipText(text.subtitle, subtitleChars),
      tooltip: text.tooltip,
      scopePath: text.scopePath,
      weightCount: text.weightCount,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
    };
    if (node.category) viewNode.category = node.category;
    const repeat = node.kind === 'group' ? inspected.repeatOf.get(node.detail) : undefined;
    if (repeat) viewNode.repeat = repeat;
    return viewNode;
  });

  const pointsOf = new Map(layout.edges.map((edge) => [edge.id, edge.points]));
  const edges: ViewEdge[] = visible.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    points: pointsOf.get(edge.id) ?? [],
    ...edgeText(inspected, edge.values),
  }));

  const frames = scopeFrames(inspected, expanded, nodes);
  let bounds: Box = { x1: 0, y1: 0, x2: layout.width, y2: layout.height };
  for (const frame of frames) {
    bounds = union(bounds, {
      x1: frame.x,
      y1: frame.y,
      x2: frame.x + frame.width,
      y2: frame.y + frame.height,
    });
  }
  return {
    inspectedId: inspected.inspectedId,
    expanded: [...expanded].sort(),
    constantsShown,
    foldableConstants: inspected.foldableIds.size,
    nodes,
    edges,
    frames,
    bounds: { x: bounds.x1, y: bounds.y1, width: bounds.x2 - bounds.x1, height: bounds.y2 - bounds.y1 },
    engine: layout.engine,
    layoutMs: performance.now() - started,
  };
}
