// Layout results: boxes and edge polylines in px, origin at the top-left of the drawing.

export interface LaidOutNode {
  id: string;
  /** px, left edge */
  x: number;
  /** px, top edge */
  y: number;
  /** px */
  width: number;
  /** px */
  height: number;
}

export interface LaidOutEdge {
  id: string;
  source: string;
  target: string;
  /** px; from the source's border to the target's border. */
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** px, size of the whole drawing */
  width: number;
  height: number;
  /** 'dagre' normally; 'simple-layered' for graphs too large or deep for dagre. */
  engine: 'dagre' | 'simple-layered';
}
