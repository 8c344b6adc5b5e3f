import { describe, expect, it } from 'vitest';
import { fittedRect, streamFit, streamOrientation } from './stream-fit';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 619 };

describe('stream fit', () => {
  it('reads the orientation from the decoded size, and none before a frame', () => {
    expect(streamOrientation({ width: 720, height: 1280 })).toBe('portrait');
    expect(streamOrientation({ width: 1280, height: 720 })).toBe('landscape');
    expect(streamOrientation({ width: 640, height: 640 })).toBe('landscape');
    expect(streamOrientation({ width: 0, height: 0 })).toBeNull();
  });

  it('fills a phone screen with a portrait stream, full height, cropping the sides a little', () => {
    const video = { width: 720, height: 1280 };
    expect(streamFit(video, PHONE)).toBe('cover');
    const rect = fittedRect(video, PHONE, 'cover');
    expect(rect.height).toBe(844);
    expect(rect.y).toBe(0);
    expect(rect.width).toBeCloseTo(474.75, 2);
    expect(rect.x).toBeCloseTo((390 - 474.75) / 2, 2);
  });

  it('letterboxes a landscape stream on a phone: full width, centred, bars above and below', () => {
    const video = { width: 1280, height: 720 };
    expect(streamFit(video, PHONE)).toBe('contain');
    const rect = fittedRect(video, PHONE, 'contain');
    expect(rect).toEqual({ x: 0, y: (844 - 219.375) / 2, width: 390, height: 219.375 });
  });

  it('never crops a portrait stream on a landscape stage or one much narrower than the stream', () => {
    expect(streamFit({ width: 720, height: 1280 }, DESKTOP)).toBe('contain');
    // A 3:4 portrait picture on a 390x844 screen would lose 38% of its width: letterboxed instead.
    expect(streamFit({ width: 960, height: 1280 }, PHONE)).toBe('contain');
  });

  it('keeps the whole stage before the first frame', () => {
    expect(streamFit({ width: 0, height: 0 }, PHONE)).toBe('contain');
    expect(fittedRect({ width: 0, height: 0 }, PHONE, 'contain')).toEqual({ x: 0, y: 0, ...PHONE });
  });
});
