// What an image file holds that the browser changes before a model sees it, and where Python would differ:
// greyscale, 16-bit, CMYK, EXIF rotation and transparency. Read from the file's first bytes (PNG's IHDR,
// JPEG's SOF, EXIF and Adobe segments) and from the decoded pixels; each finding is one sentence the view
// shows beside the top classes. Pure: the worker passes bytes in, no decoding here.

export interface ImageFileHeader {
  format: 'png' | 'jpeg' | 'other';
  /** Bits per channel (PNG 1–16, JPEG 8 or 12), or null when unknown. */
  bitDepth: number | null;
  /** Colour channels, alpha excluded: 1 greyscale, 3 colour, 4 CMYK; null when unknown. */
  channels: number | null;
  /** The PNG colour type is indexed (a palette). */
  palette: boolean;
  /** EXIF orientation 1–8 (JPEG only), or null. */
  orientation: number | null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The SOF markers of JPEG's coding processes (C4, C8 and CC are not frames). */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readPng(bytes: Uint8Array): ImageFileHeader {
  // IHDR is the first chunk: length(4) "IHDR" width(4) height(4) depth(1) colour type(1).
  const header: ImageFileHeader = {
    format: 'png',
    bitDepth: null,
    channels: null,
    palette: false,
    orientation: null,
  };
  if (bytes.length < 26 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return header;
  const colourType = bytes[25];
  header.bitDepth = bytes[24] ?? null;
  header.palette = colourType === 3;
  header.channels =
    colourType === 0 || colourType === 4 ? 1 : colourType === 2 || colourType === 6 ? 3 : null;
  return header;
}

/** EXIF orientation from an APP1 payload that starts at "Exif\0\0"; null when absent or malformed. */
function exifOrientation(view: DataView, start: number, end: number): number | null {
  const tiff = start + 6;
  if (tiff + 8 > end) return null;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return null;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function readJpeg(bytes: Uint8Array): ImageFileHeader {
  const header: ImageFileHeader = {
    format: 'jpeg',
    bitDepth: null,
    channels: null,
    palette: false,
    orientation: null,
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  // Walk the marker segments up to the frame header; stop at the scan or at bytes that are not a marker.
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = view.getUint16(at + 2);
    const start = at + 4;
    const end = Math.min(at + 2 + length, bytes.length);
    if (length < 2) break;
    if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(start, start + 4)) === 'Exif') {
      header.orientation = exifOrientation(view, start, end) ?? header.orientation;
    } else if (SOF_MARKERS.has(marker) && start + 6 <= bytes.length) {
      header.bitDepth = bytes[start] ?? null;
      header.channels = bytes[start + 5] ?? null;
      break;
    }
    at += 2 + length;
  }
  return header;
}

export function readImageHeader(bytes: Uint8Array): ImageFileHeader {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return readPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  return { format: 'other', bitDepth: null, channels: null, palette: false, orientation: null };
}

/** True when any pixel of RGBA data is less than fully opaque. */
export function hasTransparency(rgba: ArrayLike<number>): boolean {
  for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] ?? 255) < 255) return true;
  return false;
}

/** One sentence per thing the browser changed before the model saw the image, and how Python differs. */
export function imageFileNotes(header: ImageFileHeader, transparent: boolean): string[] {
  const notes: string[] = [];
  if (header.bitDepth === 16) {
    notes.push(
      header.channels === 1
        ? 'A 16-bit greyscale PNG: the browser reduces it to 8 bits per channel before the model sees it. Pillow opens it as mode I;16 and its convert("RGB") clips values above 255, so a Python pipeline may see a much brighter image.'
        : 'A 16-bit PNG: the browser reduces it to 8 bits per channel before the model sees it, as Pillow does when it opens the file.',
    );
  }
  if (header.channels === 1) {
    notes.push(
      'A greyscale image: its grey level is copied into red, green and blue, as Pillow’s convert("RGB") does.',
    );
  }
  if (header.channels === 4 && header.format === 'jpeg') {
    notes.push(
      'A CMYK JPEG: the browser converted it to RGB. Pillow’s convert("RGB") uses a plain formula with no colour profile, so Python may see other colours and give another answer.',
    );
  }
  if (header.orientation !== null && header.orientation !== 1) {
    notes.push(
      `The JPEG’s EXIF orientation (${header.orientation}) says to turn it: the browser turned it upright, as transformers’ load_image does. A script that calls Image.open alone sees it unturned and may get another answer.`,
    );
  }
  if (transparent) {
    notes.push(
      'The image has transparent pixels: the model gets colour only, and fully transparent pixels read as black here. Python pipelines that put the image on white first (transformers’ convert_to_rgb) may see another image.',
    );
  }
  return notes;
}
