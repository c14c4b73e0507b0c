// A model file from this computer in the Benchmark lab: read once into the page, then copied to each
// configuration's fresh worker (a File cannot be re-read by a worker that did not receive it).

/** The lab's model id of a model file picked in the lab ("file:model.onnx"); catalog ids have no colon. */
export const LOCAL_MODEL_PREFIX = 'file:';

/** A model file picked in the lab, held in the page. */
export interface LocalBenchModel {
  name: string;
  bytes: Uint8Array;
}

/** The file's bytes, or the sentence refusing it (empty). ONNX Runtime judges the rest, per configuration. */
export async function readLocalModel(file: File): Promise<LocalBenchModel | string> {
  if (file.size === 0) return `${file.name} is empty: choose an .onnx model file.`;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
