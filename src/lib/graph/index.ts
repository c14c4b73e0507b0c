// Public API of the graph core: IR from a decoded model, summary, scopes, visible graph, layout, checks.

export { buildGraphIR } from './build-graph-ir.ts';
export type * from './graph-types.ts';
export {
  formatAttribute,
  formatAttributeValue,
  formatFloat,
  formatInt,
  formatType,
} from './format-attribute.ts';
export {
  categorizeOp,
  isKnownDomain,
  isKnownOp,
  knownOps,
  OP_CATEGORIES,
  OP_CATEGORY_LABELS,
  type OpCategory,
} from './op-categories.ts';
export {
  summarizeModel,
  type ModelSummary,
  type OpTypeCount,
  type ScopeParameters,
  type ValueSignature,
} from './model-summary.ts';
export {
  buildScopeTree,
  joinScope,
  parametersByScope,
  scopeAncestry,
  scopeSegments,
  type ScopeNode,
  type ScopeTree,
} from './scope-tree.ts';
export {
  buildVisibleGraph,
  collapseScope,
  expandScope,
  expansionWithinBudget,
  groupId,
  type VisibleEdge,
  type VisibleGraph,
  type VisibleGraphOptions,
  type VisibleNode,
  type VisibleNodeKind,
} from './visible-graph.ts';
export { foldableConstants, isConstantOp } from './fold-constants.ts';
export { constantPreview, constantTensor, PREVIEW_VALUES } from './constant-value.ts';
export { findRepeatedBlocks, type RepeatedBlockGroup, type RepeatedBlockOptions } from './repeated-blocks.ts';
export {
  findCycles,
  validateGraph,
  type GraphIssue,
  type GraphIssueCode,
  type ValidationContext,
} from './validate-graph.ts';
export { layoutGraph, type LayoutOptions } from './layout-graph.ts';
export type { GraphLayout, LaidOutEdge, LaidOutNode } from './layout-types.ts';
export { estimateNodeSize, type Size } from './node-size.ts';
export { longestPathRanks } from './layered-ranks.ts';
export { generateSyntheticModel, type SyntheticModelOptions } from './synthetic-model.ts';
