/** One content-type table: renderer files by extension; photos only as raster types (never SVG, which can carry script). */
import { describe, expect, it } from 'vitest';
import { contentTypeFor, photoContentType } from '../../main/core/content-types.js';

describe('content types', () => {
  it('types the renderer files and photos by extension, case-insensitively', () => {
    expect(contentTypeFor('assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/IMG_1.JPG')).toBe('image/jpeg');
    expect(contentTypeFor('notes.txt')).toBeNull();
  });
  it('never serves a photo as SVG or HTML', () => {
    expect(photoContentType('/p/x.webp')).toBe('image/webp');
    expect(photoContentType('/p/drawing.svg')).toBeNull();
    expect(photoContentType('/p/page.html')).toBeNull();
    expect(photoContentType('/p/IMG.heic')).toBeNull();
  });
});
