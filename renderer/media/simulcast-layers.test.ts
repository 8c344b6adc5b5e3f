import { describe, expect, it } from 'vitest';
import { ORIENTATION_SIZE } from '../ar/scene-geometry';
import { SIMULCAST_ENCODINGS } from './room-media';

describe('simulcast layers', () => {
  it.each(Object.entries(ORIENTATION_SIZE))(
    'divide the %s output into whole, even layer sizes',
    (_, size) => {
      const layers = SIMULCAST_ENCODINGS.map((e) => {
        const k = e.scaleResolutionDownBy ?? 1;
        return { w: size.width / k, h: size.height / k };
      });
      for (const l of layers) {
        expect(Number.isInteger(l.w) && Number.isInteger(l.h)).toBe(true);
        expect(l.w % 2).toBe(0);
        expect(l.h % 2).toBe(0);
        // The layers keep the output's orientation.
        expect(l.h > l.w).toBe(size.height > size.width);
      }
      expect(layers.at(-1)).toEqual({ w: size.width, h: size.height });
    },
  );
});
