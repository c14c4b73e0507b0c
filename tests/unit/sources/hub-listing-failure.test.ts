// The line under the hub id when the hub did not list a repo's precisions: words first, and the status
// code, address and browser message only in the detail.
import { describe, expect, it } from 'vitest';
import {
  listingHttpFailure,
  listingNotFiles,
  listingUnreachable,
} from '../../../src/lib/sources/hub-listing-failure.ts';

const URL_ = 'https://huggingface.co/api/models/owner/name/tree/main/onnx';

describe('hub listing failures', () => {
  it('names the repo, not the API address, and keeps the status in the detail', () => {
    const missing = listingHttpFailure('owner/name', 404, URL_);
    expect(missing.code).toBe('model-not-found');
    expect(missing.message).toBe('The hub has no model owner/name, or it has no onnx/ folder.');
    expect(missing.message).not.toMatch(/HTTP|api\/models/);
    expect(missing.detail).toBe(`HTTP 404 from ${URL_}`);
    expect(listingHttpFailure('owner/name', 403, URL_).code).toBe('model-access-denied');
    expect(listingHttpFailure('owner/name', 401, URL_).message).toContain('private or gated');
    const busy = listingHttpFailure('owner/name', 503, URL_);
    expect(busy.message).not.toMatch(/\d{3}/);
    expect(busy.remedy).toBe('Try again in a minute.');
    expect(listingHttpFailure('owner/name', 429, URL_).message).toContain('limiting');
  });

  it('says a hub that did not answer in words, with the browser’s message as the detail', () => {
    const failed = listingUnreachable('huggingface.co', new TypeError('Failed to fetch'), true);
    expect(failed.message).toBe(
      'Could not reach the hub at huggingface.co: this computer may be offline, or its network blocks it.',
    );
    expect(failed.message).not.toContain('Failed to fetch');
    expect(failed.detail).toBe('Failed to fetch');
    expect(listingUnreachable('huggingface.co', 'x', false).message).toContain('You are offline');
  });

  it('says when the answer was not a listing', () => {
    const wrong = listingNotFiles('owner/name', new SyntaxError('Unexpected token <'));
    expect(wrong.message).toBe("The hub's answer about owner/name was not a list of files.");
    expect(wrong.detail).toBe('Unexpected token <');
  });
});
