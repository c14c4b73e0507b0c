// Public API of the FLOPs count: shape propagation, per-node and per-model FLOPs.
export { defaultInputShapes, formatFlops, modelFlops, type ModelFlops } from './model-flops.ts';
export { nodeFlops, type FlopsKind, type NodeFlops } from './node-flops.ts';
export { propagateShapes, type KnownValue, type ShapeMap } from './shape-propagation.ts';
