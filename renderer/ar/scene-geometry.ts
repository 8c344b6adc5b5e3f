// Where each scene puts its sources on the output canvas, and how a point of the camera's frame maps to the
// canvas (so the AR overlay lands on the face wherever and however cropped the camera is drawn). Pure.
import type { StreamOrientation } from '../../core/protocol/studio-settings';
import type { Vec } from './overlay-geometry';

/** The compositor's scenes, in the order of their hotkeys (1, 2, 3, 4). */
export const SCENE_IDS = ['camera', 'camera-pip', 'product-pip', 'screen'] as const;
export type SceneId = (typeof SCENE_IDS)[number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The output size per orientation (portrait is fixed; landscape follows a 16:9 camera). */
export const ORIENTATION_SIZE: Record<StreamOrientation, { width: number; height: number }> = {
  landscape: { width: 1280, height: 720 },
  portrait: { width: 720, height: 1280 },
};

/** The picture-in-picture box's longer side, as a share of the canvas's shorter side (bottom-right corner). */
export const PIP_SCALE = 0.4;
export const PIP_MARGIN = 0.03;

/**
 * The corner box of a picture-in-picture of `aspect` (width / height) on a w x h canvas: its longer side is
 * PIP_SCALE of the canvas's shorter side, so it is the same size either way up.
 */
export function pipRect(canvasW: number, canvasH: number, aspect: number): Rect {
  const short = Math.min(canvasW, canvasH);
  const long = short * PIP_SCALE;
  const w = Math.round(aspect >= 1 ? long : long * aspect);
  const h = Math.round(aspect >= 1 ? long / aspect : long);
  const margin = Math.round(short * PIP_MARGIN);
  return { x: canvasW - w - margin, y: canvasH - h - margin, w, h };
}

/** The part of a srcW x srcH source that fills `dest` without distortion, cut evenly (cover, centre crop). */
export function coverCrop(srcW: number, srcH: number, dest: Pick<Rect, 'w' | 'h'>): Rect {
  const destAspect = dest.w / dest.h;
  if (srcW / srcH > destAspect) {
    const w = srcH * destAspect;
    return { x: (srcW - w) / 2, y: 0, w, h: srcH };
  }
  const h = srcW / destAspect;
  return { x: 0, y: (srcH - h) / 2, w: srcW, h };
}

/** The box inside `dest` that shows all of a srcW x srcH source (contain, letterboxed, centred). */
export function containRect(srcW: number, srcH: number, dest: Rect): Rect {
  const k = Math.min(dest.w / srcW, dest.h / srcH);
  const w = srcW * k;
  const h = srcH * k;
  return { x: dest.x + (dest.w - w) / 2, y: dest.y + (dest.h - h) / 2, w, h };
}

/** Where the camera is drawn: the part of its frame (`crop`, camera pixels) and the canvas box it fills. */
export interface CameraPlacement {
  crop: Rect;
  dest: Rect;
}

/** The whole camera drawn over the whole canvas (before the first frame says where it went). */
export function stretched(
  camera: { width: number; height: number },
  canvas: { width: number; height: number },
): CameraPlacement {
  return {
    crop: { x: 0, y: 0, w: camera.width, h: camera.height },
    dest: { x: 0, y: 0, w: canvas.width, h: canvas.height },
  };
}

/** What a scene draws: the main picture's source and box, the camera's placement, and the PiP's box. */
export interface SceneLayout {
  /** The full-canvas picture under everything: the camera, or the shared screen. */
  main: 'camera' | 'screen';
  camera: CameraPlacement;
  /** The corner picture (second camera or product) when the scene has one; for `screen` it is the camera. */
  pip: { source: 'camera2' | 'product'; rect: Rect } | null;
}

export interface SourceSizes {
  canvas: { width: number; height: number };
  camera: { width: number; height: number };
  /** The second camera's and product picture's aspect (w / h); defaults when not there yet. */
  camera2Aspect?: number;
  productAspect?: number;
}

export function sceneLayout(scene: SceneId, sizes: SourceSizes): SceneLayout {
  const { width: cw, height: ch } = sizes.canvas;
  const cam = sizes.camera;
  const full: Rect = { x: 0, y: 0, w: cw, h: ch };
  if (scene === 'screen') {
    const dest = pipRect(cw, ch, cam.width / cam.height);
    return { main: 'screen', camera: { crop: coverCrop(cam.width, cam.height, dest), dest }, pip: null };
  }
  const camera = { crop: coverCrop(cam.width, cam.height, full), dest: full };
  if (scene === 'camera-pip')
    return {
      main: 'camera',
      camera,
      pip: { source: 'camera2', rect: pipRect(cw, ch, sizes.camera2Aspect ?? 16 / 9) },
    };
  if (scene === 'product-pip')
    return {
      main: 'camera',
      camera,
      pip: { source: 'product', rect: pipRect(cw, ch, sizes.productAspect ?? 1) },
    };
  return { main: 'camera', camera, pip: null };
}

/**
 * The linear map from the tracked frame's pixels (a frameW-wide copy of the camera) to the canvas:
 * canvas = frame * scale + offset. Cover crops keep the aspect, so one scale serves both axes.
 */
export interface FrameToCanvas {
  sx: number;
  sy: number;
  ox: number;
  oy: number;
}

export function frameToCanvas(
  placement: CameraPlacement,
  camera: { width: number; height: number },
  frame: { width: number; height: number },
): FrameToCanvas {
  const { crop, dest } = placement;
  const sx = (camera.width / frame.width) * (dest.w / crop.w);
  const sy = (camera.height / frame.height) * (dest.h / crop.h);
  return { sx, sy, ox: dest.x - crop.x * (dest.w / crop.w), oy: dest.y - crop.y * (dest.h / crop.h) };
}

export function mapToCanvas(p: Vec, m: FrameToCanvas): Vec {
  return { x: p.x * m.sx + m.ox, y: p.y * m.sy + m.oy };
}

/** A canvas point in the tracked frame's pixels (the inverse of mapToCanvas), e.g. a click in the preview. */
export function mapToFrame(p: Vec, m: FrameToCanvas): Vec {
  return { x: (p.x - m.ox) / m.sx, y: (p.y - m.oy) / m.sy };
}
