// A ladder row's id, the same in the page and the worker: "reference", "made:fp16", "file:<name>",
// "hub:<name in the repo's onnx/ folder>".
import type { LadderVariantSpec } from '../../contracts/ladder.ts';

export function ladderIdOf(spec: LadderVariantSpec): string {
  switch (spec.kind) {
    case 'reference':
      return 'reference';
    case 'made':
      return `made:${spec.made}`;
    case 'file':
      return `file:${spec.name}`;
    case 'hub':
      return `hub:${spec.hub.name}`;
  }
}
