// The benchmark's input tensors: the user's current text (tokenized as the text playground does), the
// current image (letterboxed as the detector does), or a synthetic input of the model's own shapes.
import type { BenchInput } from '../../src/contracts/bench.ts';
import { HUB_FILES, hubFileUrl } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { synthesizeInputs, type InputDescription } from '../../src/lib/bench/synthetic-input.ts';
import { fetchJsonFile, type FetchLike } from '../../src/lib/loading/fetch-file.ts';
import { letterbox } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { toBertInputs } from '../../src/lib/tasks/text-classification/encode-batch.ts';
import { createSequenceTokenizer } from '../../src/lib/tasks/text-classification/sequence-tokenizer.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { decodeImage } from '../shared/decode-image.ts';

export interface BuiltInput {
  feeds: Record<string, TensorData>;
  description: string;
}

function unsupported(message: string, remedy: string): GlassboxError {
  return new GlassboxError({ code: 'bench-input-unsupported', message, remedy });
}

async function textFeeds(
  folder: string,
  texts: string[],
  inputs: readonly InputDescription[],
  fetch: FetchLike,
) {
  const url = (file: string): string => hubFileUrl(folder, file);
  const [config, tokenizerJson, tokenizerConfig] = await Promise.all([
    fetchJsonFile(url(HUB_FILES.config), fetch),
    fetchJsonFile(url(HUB_FILES.tokenizer), fetch),
    fetchJsonFile(url(HUB_FILES.tokenizerConfig), fetch),
  ]);
  const configRecord = (config ?? {}) as Record<string, unknown>;
  const tokenizerRecord = (tokenizerConfig ?? {}) as Record<string, unknown>;
  const positions = Number(configRecord.max_position_embeddings ?? 512);
  const configured = Number(tokenizerRecord.model_max_length ?? positions);
  const maxLength = Math.min(positions, Number.isFinite(configured) ? configured : positions);
  const tokenizer = createSequenceTokenizer(tokenizerJson, tokenizerRecord, maxLength);
  const bert = toBertInputs(
    texts.map((text) => tokenizer.encode(text)),
    tokenizer.padId,
  );
  const feeds: Record<string, TensorData> = {};
  for (const input of inputs) {
    const tensor = bert[input.name as keyof typeof bert];
    if (!tensor) {
      throw unsupported(
        `The model's input ${input.name} is not one a BERT tokenizer makes.`,
        'Benchmark this model with the synthetic input.',
      );
    }
    feeds[input.name] = tensor;
  }
  return feeds;
}

/** [1, 3, H, W] with H and W fixed by the model, else from config.input_size, else 640. */
async function imageFeeds(
  folder: string,
  image: Blob,
  inputs: readonly InputDescription[],
  fetch: FetchLike,
) {
  const input = inputs[0];
  if (!input || inputs.length !== 1 || input.dtype !== 'float32' || input.shape.length !== 4) {
    throw unsupported(
      'This model does not take one float32 image tensor [1, 3, H, W].',
      'Benchmark it with the synthetic input.',
    );
  }
  const config = ((await fetchJsonFile(hubFileUrl(folder, HUB_FILES.config), fetch).catch(() => null)) ??
    {}) as Record<string, unknown>;
  const configured = Array.isArray(config.input_size) ? (config.input_size as unknown[]).map(Number) : [];
  const side = (dim: number | string | undefined, fallback: number | undefined): number =>
    typeof dim === 'number' && dim > 0 ? dim : fallback && fallback > 0 ? fallback : 640;
  const height = side(input.shape[2], configured[0]);
  const width = side(input.shape[3], configured[1] ?? configured[0]);
  const decoded = await decodeImage(image);
  const { tensor } = letterbox(decoded.image, { width, height });
  return {
    [input.name]: { type: 'float32', dims: [1, 3, height, width], data: tensor } satisfies TensorData,
  };
}

export async function buildBenchInput(
  input: BenchInput,
  folder: string,
  inputs: readonly InputDescription[],
  fetch: FetchLike,
): Promise<BuiltInput> {
  switch (input.kind) {
    case 'synthetic':
      try {
        return { feeds: synthesizeInputs(inputs), description: 'synthetic input of the model’s shapes' };
      } catch (error) {
        throw unsupported(
          error instanceof Error ? error.message : String(error),
          'This input type cannot be synthesized yet; use a model with float or integer inputs.',
        );
      }
    case 'text': {
      if (input.texts.length === 0) {
        throw new GlassboxError({
          code: 'empty-input',
          message: 'There is no text to benchmark with.',
          remedy: 'Type a sentence in the text playground, or choose the synthetic input.',
        });
      }
      const feeds = await textFeeds(folder, input.texts, inputs, fetch);
      const lines = input.texts.length;
      return { feeds, description: `current text (${lines} line${lines === 1 ? '' : 's'})` };
    }
    case 'image':
      return {
        feeds: await imageFeeds(folder, input.image, inputs, fetch),
        description: `image ${input.name}`,
      };
  }
}
