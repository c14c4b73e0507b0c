// What every occlusion map says when asked for on a webcam (or with no image): it runs the model dozens of
// times on one picture, which a live feed does not hold still for. One sentence for the three map controllers.
import type { ErrorData } from '../../lib/errors.ts';

export const STILL_IMAGE_NEEDED: ErrorData = {
  code: 'empty-input',
  message: 'An occlusion map needs a still image; webcam frames change while it runs.',
  remedy: 'Stop the webcam and open an image or a sample.',
};
