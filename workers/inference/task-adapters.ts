// The inference worker's adapters, one per task adapter the registry names: where each keeps its loaded
// models (the core's maps, which the typed task calls read) and how it makes a model from a download.
// Adding a task adds its adapter here and its map in inference-core.ts.
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { TaskAdapter } from '../../src/lib/tasks/registry.ts';
import type { ServedModel } from './served-model.ts';
import { DepthEstimator } from './tasks/depth-estimator.ts';
import { GenericModel } from './tasks/generic-model.ts';
import { ImageClassifier } from './tasks/image-classifier.ts';
import { ImageSegmenter } from './tasks/image-segmenter.ts';
import { MaskedLanguageModel } from './tasks/masked-lm.ts';
import { ObjectDetector } from './tasks/object-detector.ts';
import { QuestionAnswerer } from './tasks/question-answerer.ts';
import { SentenceEmbedder } from './tasks/sentence-embedder.ts';
import { TextClassifier } from './tasks/text-classifier.ts';
import { TokenClassifier } from './tasks/token-classifier.ts';
import { ZeroShotClassifier } from './tasks/zero-shot-classifier.ts';

/** A task's adapter in this worker: its loaded models by key, and how it makes one from a download. */
export interface Adapter {
  models: Map<string, ServedModel>;
  make(download: ModelDownload): ServedModel | Promise<ServedModel>;
}

/** The core's maps of loaded models, one per adapter. */
export interface AdapterMaps {
  textClassifiers: Map<string, TextClassifier>;
  detectors: Map<string, ObjectDetector>;
  imageClassifiers: Map<string, ImageClassifier>;
  genericModels: Map<string, GenericModel>;
  tokenClassifiers: Map<string, TokenClassifier>;
  questionAnswerers: Map<string, QuestionAnswerer>;
  maskedLms: Map<string, MaskedLanguageModel>;
  zeroShotClassifiers: Map<string, ZeroShotClassifier>;
  sentenceEmbedders: Map<string, SentenceEmbedder>;
  segmenters: Map<string, ImageSegmenter>;
  depthEstimators: Map<string, DepthEstimator>;
}

export function taskAdapters(maps: AdapterMaps): Record<TaskAdapter, Adapter> {
  return {
    'text-classifier': { models: maps.textClassifiers, make: (download) => TextClassifier.create(download) },
    'object-detector': { models: maps.detectors, make: (download) => ObjectDetector.create(download) },
    'image-classifier': {
      models: maps.imageClassifiers,
      make: (download) => ImageClassifier.create(download),
    },
    'generic-model': { models: maps.genericModels, make: (download) => GenericModel.fromDownload(download) },
    'token-classifier': {
      models: maps.tokenClassifiers,
      make: (download) => TokenClassifier.create(download),
    },
    'question-answerer': {
      models: maps.questionAnswerers,
      make: (download) => QuestionAnswerer.create(download),
    },
    'masked-lm': { models: maps.maskedLms, make: (download) => MaskedLanguageModel.create(download) },
    'zero-shot-classifier': {
      models: maps.zeroShotClassifiers,
      make: (download) => ZeroShotClassifier.create(download),
    },
    'sentence-embedder': {
      models: maps.sentenceEmbedders,
      make: (download) => SentenceEmbedder.create(download),
    },
    'image-segmenter': { models: maps.segmenters, make: (download) => ImageSegmenter.create(download) },
    'depth-estimator': { models: maps.depthEstimators, make: (download) => DepthEstimator.create(download) },
    // Text generation runs in its own worker (workers/generation/): nothing of it is loaded here.
    'text-generator': {
      models: new Map(),
      make: () => {
        throw new GlassboxError({
          code: 'no-model-loaded',
          message: 'Language models run in the generate view’s own worker, not here.',
          remedy: 'Open the model in the Generate text tab.',
        });
      },
    },
  };
}
