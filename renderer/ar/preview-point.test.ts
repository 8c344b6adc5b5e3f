import { describe, expect, it } from 'vitest';
import { pictureRect, previewToPicture } from './preview-point';

const box = { left: 100, top: 50, width: 800, height: 450 }; // a 16:9 element
const vga = { width: 640, height: 480 }; // a 4:3 camera

describe('previewToPicture', () => {
  it('contain: a 4:3 picture is pillarboxed in a 16:9 box, and clicks on the bars hit nothing', () => {
    // 450 px high -> 600 px wide, 100 px bars left and right.
    expect(pictureRect(box, vga, 'contain')).toEqual({ left: 200, top: 50, width: 600, height: 450 });
    expect(previewToPicture({ x: 200, y: 50 }, box, vga)).toEqual({ x: 0, y: 0 });
    expect(previewToPicture({ x: 500, y: 275 }, box, vga)).toEqual({ x: 320, y: 240 });
    expect(previewToPicture({ x: 800, y: 500 }, box, vga)).toEqual({ x: 640, y: 480 });
    expect(previewToPicture({ x: 150, y: 275 }, box, vga)).toBeNull();
    expect(previewToPicture({ x: 850, y: 275 }, box, vga)).toBeNull();
  });

  it('contain: a wide picture in a tall box is letterboxed top and bottom', () => {
    const tall = { left: 0, top: 0, width: 400, height: 600 };
    const hd = { width: 1280, height: 720 };
    // 400 px wide -> 225 px high, 187.5 px bars.
    expect(previewToPicture({ x: 200, y: 300 }, tall, hd)).toEqual({ x: 640, y: 360 });
    expect(previewToPicture({ x: 100, y: 187.5 + 225 / 4 }, tall, hd)).toEqual({ x: 320, y: 180 });
    expect(previewToPicture({ x: 200, y: 100 }, tall, hd)).toBeNull();
  });

  it('cover crops, fill stretches, outside the box is nothing', () => {
    // cover: 800 px wide -> 600 px high, 75 px cropped top and bottom.
    expect(previewToPicture({ x: 100, y: 50 }, box, vga, 'cover')).toEqual({ x: 0, y: 60 });
    expect(previewToPicture({ x: 500, y: 275 }, box, vga, 'cover')).toEqual({ x: 320, y: 240 });
    expect(previewToPicture({ x: 300, y: 275 }, box, vga, 'fill')).toEqual({ x: 160, y: 240 });
    expect(previewToPicture({ x: 99, y: 275 }, box, vga, 'fill')).toBeNull();
    expect(previewToPicture({ x: 500, y: 275 }, box, { width: 0, height: 0 })).toBeNull();
  });

  it('none and scale-down keep the picture at its own size when it fits', () => {
    const small = { width: 320, height: 240 };
    expect(pictureRect(box, small, 'none')).toEqual({ left: 340, top: 155, width: 320, height: 240 });
    expect(pictureRect(box, small, 'scale-down')).toEqual(pictureRect(box, small, 'none'));
    expect(pictureRect(box, vga, 'scale-down')).toEqual(pictureRect(box, vga, 'contain'));
  });

  it('a mirrored preview maps a click on the left of the element to the right of the picture', () => {
    expect(previewToPicture({ x: 275, y: 275 }, box, vga, 'contain', true)).toEqual({ x: 560, y: 240 });
    expect(previewToPicture({ x: 275, y: 275 }, box, vga, 'contain', false)).toEqual({ x: 80, y: 240 });
  });
});
