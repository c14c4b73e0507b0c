// The structural diff of two ONNX models, as plain data: what crosses from the diff worker to the page.
// "Left" is the model open in the inspector, "right" the one it is compared with.

/** How a node of one model was paired with a node of the other. */
export type AlignedBy = 'name' | 'structure';

/** A node as the diff names it: its name (or "#index" when it has none), op type and position. */
export interface DiffNodeRef {
  name: string;
  opType: string;
  /** Index in its graph's node list (file order, topological). */
  index: number;
}

export interface AttributeChange {
  name: string;
  /** The value as text; null when the attribute is absent on that side. */
  before: string | null;
  after: string | null;
}

export interface WiringChange {
  /** Input position on the node. */
  position: number;
  /** Where the input comes from, as a sentence fragment ("output 0 of /layer.0/Add"); null = no input. */
  before: string | null;
  after: string | null;
}

export interface WeightChange {
  /** Input position of the weight on its node. */
  position: number;
  leftName: string;
  rightName: string;
  dims: number[];
  /** max |a − b| over elements; NaN when the values could not be compared (see note). */
  maxAbs: number;
  /** ‖a − b‖₂ / ‖a‖₂ (‖b‖₂ when a is all zeros); NaN when not compared. */
  relativeNorm: number;
  /** Why the values were not compared element by element (shape, type, external data). */
  note?: string;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One entry of the change list; `node` names the node on the side that has it (right for added). */
export interface NodeDiff {
  kind: ChangeKind;
  /** The left model's node (removed, changed); null for added. */
  left: DiffNodeRef | null;
  /** The right model's node (added, changed); null for removed. */
  right: DiffNodeRef | null;
  alignedBy?: AlignedBy;
  /**
   * The open (left) model's node where this change shows on its graph: the node itself when removed or
   * changed, the nearest aligned neighbour of an added node; null when nothing around it aligned.
   */
  anchor: DiffNodeRef | null;
  /** Changed only: what differs. */
  opType?: { before: string; after: string };
  attributes: AttributeChange[];
  wiring: WiringChange[];
  weights: WeightChange[];
}

export interface DiffSide {
  label: string;
  nodeCount: number;
  initializerCount: number;
}

export interface ModelDiff {
  left: DiffSide;
  right: DiffSide;
  alignedByName: number;
  alignedByStructure: number;
  /** Aligned node pairs with no difference at all. */
  unchanged: number;
  /** In the left model's order, then added nodes in the right model's order. */
  changes: NodeDiff[];
  counts: { added: number; removed: number; changed: number; weightsChanged: number };
  /** True when not one node pair aligned: the models are unrelated (or renamed beyond recognition). */
  nothingAligns: boolean;
  /** One sentence summing it up, for the status line and screen readers. */
  summary: string;
}
