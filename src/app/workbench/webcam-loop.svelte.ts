// The webcam loop: camera permission, one frame in flight at a time, frames per second, clean stop.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';

function webcamError(error: unknown): ErrorData {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return {
      code: 'webcam-unavailable',
      message: 'Camera access was denied, so the webcam cannot be used.',
      remedy:
        'Allow the camera for this site (the camera icon in the address bar), then start the webcam again.',
    };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return {
      code: 'webcam-unavailable',
      message: 'No camera was found.',
      remedy: 'Connect a camera, or use an image file or a sample photo instead.',
    };
  }
  if (name === 'NotReadableError') {
    return {
      code: 'webcam-unavailable',
      message: 'The camera is in use by another application.',
      remedy: 'Close the other application that uses the camera, then start the webcam again.',
    };
  }
  return { ...toErrorData(error), code: 'webcam-unavailable' };
}

export class WebcamLoop {
  active = $state(false);
  framesPerSecond = $state<number | null>(null);
  error = $state<ErrorData | null>(null);
  private stream: MediaStream | null = null;
  private video: HTMLVideoElement | null = null;

  /** onFrame: runs the model on one frame; the loop waits for it before grabbing the next. */
  constructor(private readonly onFrame: (frame: ImageBitmap) => Promise<void>) {}

  async start(video: HTMLVideoElement): Promise<void> {
    if (this.active) return;
    this.error = null;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.error = {
        code: 'webcam-unavailable',
        message: 'This browser gives no camera access here (it needs https or localhost).',
        remedy: 'Open the page over https or on localhost, or use an image instead.',
      };
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    } catch (error) {
      this.error = webcamError(error);
      return;
    }
    this.video = video;
    video.srcObject = this.stream;
    await video.play();
    this.active = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let last = performance.now();
    while (this.active && this.video) {
      try {
        await this.onFrame(await createImageBitmap(this.video));
      } catch (error) {
        this.error = toErrorData(error);
        this.stop();
        return;
      }
      const now = performance.now();
      const instant = 1000 / Math.max(1, now - last);
      last = now;
      // Smooth the display so the number is readable.
      this.framesPerSecond =
        this.framesPerSecond === null ? instant : this.framesPerSecond * 0.8 + instant * 0.2;
    }
  }

  stop(): void {
    this.active = false;
    this.framesPerSecond = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.video = null;
  }
}
