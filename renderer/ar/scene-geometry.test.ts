import { describe, expect, it } from 'vitest';
import {
  coverCrop,
  frameToCanvas,
  mapToCanvas,
  mapToFrame,
  ORIENTATION_SIZE,
  pipRect,
  sceneLayout,
} from './scene-geometry';
import { SceneState, isSceneId } from './scene-state';

const CAM = { width: 1280, height: 720 };

describe('scene geometry', () => {
  it('puts the PiP in the bottom-right corner, the same size either way up', () => {
    const land = pipRect(1280, 720, 16 / 9);
    expect(land).toEqual({ x: 1280 - 288 - 22, y: 720 - 162 - 22, w: 288, h: 162 });
    const port = pipRect(720, 1280, 16 / 9);
    expect([port.w, port.h]).toEqual([288, 162]);
    expect(port.x + port.w).toBeLessThan(720);
    expect(port.y + port.h).toBeLessThan(1280);
    const square = pipRect(1280, 720, 1);
    expect([square.w, square.h]).toEqual([288, 288]);
  });

  it('cover-crops a landscape camera to the centre of a portrait canvas', () => {
    const crop = coverCrop(1280, 720, { w: 720, h: 1280 });
    expect(crop.h).toBe(720);
    expect(crop.w).toBeCloseTo(405, 5);
    expect(crop.x).toBeCloseTo((1280 - 405) / 2, 5);
    expect(crop.y).toBe(0);
    // A source of the canvas's own aspect is not cropped.
    expect(coverCrop(1280, 720, { w: 640, h: 360 })).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
  });

  it('maps a landmark of the tracked frame to where the cropped camera is drawn, and back', () => {
    const layout = sceneLayout('camera', { canvas: ORIENTATION_SIZE.portrait, camera: CAM });
    // The tracker saw a half-size copy of the camera.
    const m = frameToCanvas(layout.camera, CAM, { width: 640, height: 360 });
    // The camera's centre is the canvas's centre; the crop's left edge is the canvas's left edge.
    const centre = mapToCanvas({ x: 320, y: 180 }, m);
    expect(centre.x).toBeCloseTo(360, 5);
    expect(centre.y).toBeCloseTo(640, 5);
    const leftEdge = mapToCanvas({ x: layout.camera.crop.x / 2, y: 0 }, m);
    expect(leftEdge.x).toBeCloseTo(0, 5);
    expect(m.sx).toBeCloseTo(m.sy, 9);
    const back = mapToFrame({ x: 100, y: 900 }, m);
    const again = mapToCanvas(back, m);
    expect(again.x).toBeCloseTo(100, 9);
    expect(again.y).toBeCloseTo(900, 9);
  });

  it('maps landmarks into the corner box when the screen scene puts the camera there', () => {
    const layout = sceneLayout('screen', { canvas: ORIENTATION_SIZE.landscape, camera: CAM });
    expect(layout.main).toBe('screen');
    const dest = layout.camera.dest;
    expect(dest.x + dest.w).toBeLessThan(1280);
    expect(dest.x).toBeGreaterThan(640);
    const m = frameToCanvas(layout.camera, CAM, CAM);
    const topLeft = mapToCanvas({ x: 0, y: 0 }, m);
    const bottomRight = mapToCanvas({ x: 1280, y: 720 }, m);
    expect(topLeft.x).toBeCloseTo(dest.x, 5);
    expect(topLeft.y).toBeCloseTo(dest.y, 5);
    expect(bottomRight.x).toBeCloseTo(dest.x + dest.w, 5);
    expect(bottomRight.y).toBeCloseTo(dest.y + dest.h, 5);
  });

  it('gives each scene its PiP source', () => {
    const sizes = { canvas: ORIENTATION_SIZE.landscape, camera: CAM };
    expect(sceneLayout('camera', sizes).pip).toBeNull();
    expect(sceneLayout('camera-pip', sizes).pip?.source).toBe('camera2');
    expect(sceneLayout('product-pip', { ...sizes, productAspect: 1 }).pip).toMatchObject({
      source: 'product',
      rect: { w: 288, h: 288 },
    });
    expect(sceneLayout('camera', sizes).camera.dest).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
  });
});

describe('scene state', () => {
  it('switches with a cross-fade that runs 300 ms and then ends', () => {
    const s = new SceneState();
    expect(s.current).toBe('camera');
    expect(s.progress(0)).toBeNull();
    expect(s.switchTo('product-pip', 1000)).toBe(true);
    expect(s.current).toBe('product-pip');
    expect(s.previous).toBe('camera');
    expect(s.progress(1000)).toBe(0);
    expect(s.progress(1150)).toBeCloseTo(0.5, 9);
    expect(s.progress(1300)).toBeNull();
    expect(s.previous).toBeNull();
  });

  it('ignores a switch to the scene already drawn, and restarts the fade on a switch mid-fade', () => {
    const s = new SceneState('screen');
    expect(s.switchTo('screen', 0)).toBe(false);
    expect(s.progress(0)).toBeNull();
    s.switchTo('camera', 0);
    s.switchTo('camera-pip', 200);
    expect(s.current).toBe('camera-pip');
    expect(s.progress(200)).toBe(0);
    expect(s.progress(350)).toBeCloseTo(0.5, 9);
  });

  it('knows the scene ids', () => {
    expect(isSceneId('camera-pip')).toBe(true);
    expect(isSceneId('nope')).toBe(false);
  });
});
