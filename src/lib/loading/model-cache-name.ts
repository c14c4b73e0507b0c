// The name of the Cache API cache that holds downloaded model files. Its own module, so the page can list
// and delete saved models without bundling offline-save.ts's model decoder (protobuf) into its first load.

/** The one Cache API cache that holds downloaded model files, keyed by their URL. */
export const MODEL_CACHE_NAME = 'glassbox-models-v1';
