// From a click on a preview <video> to the picture's own pixels (the compositor's canvas), for picking the
// face the try-on goes on. The element's CSS box is not the picture: with object-fit: contain (a <video>'s
// default) the picture is letterboxed inside it, with cover it is cropped, with fill stretched.
import type { Point } from '../../core/ar/face-types';

export type ObjectFit = 'contain' | 'cover' | 'fill' | 'none' | 'scale-down';

/** The element's content box in CSS pixels, as getBoundingClientRect gives it (without border and padding). */
export interface CssBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PictureSize {
  width: number;
  height: number;
}

/** Where the picture sits inside the box (object-position: centre, the default). */
export function pictureRect(box: CssBox, picture: PictureSize, fit: ObjectFit): CssBox {
  const sx = box.width / picture.width;
  const sy = box.height / picture.height;
  let scaleX: number;
  let scaleY: number;
  if (fit === 'fill') [scaleX, scaleY] = [sx, sy];
  else {
    let s: number;
    if (fit === 'contain') s = Math.min(sx, sy);
    else if (fit === 'cover') s = Math.max(sx, sy);
    else if (fit === 'none') s = 1;
    else s = Math.min(1, Math.min(sx, sy)); // scale-down
    [scaleX, scaleY] = [s, s];
  }
  const width = picture.width * scaleX;
  const height = picture.height * scaleY;
  return {
    left: box.left + (box.width - width) / 2,
    top: box.top + (box.height - height) / 2,
    width,
    height,
  };
}

/**
 * The picture pixel under a point given in the same CSS pixels as `box` (a click's clientX / clientY); null
 * when the point is on a letterbox bar or outside the box. `mirrored`: the element is flipped left to right.
 */
export function previewToPicture(
  point: Point,
  box: CssBox,
  picture: PictureSize,
  fit: ObjectFit = 'contain',
  mirrored = false,
): Point | null {
  if (picture.width <= 0 || picture.height <= 0 || box.width <= 0 || box.height <= 0) return null;
  const inBox =
    point.x >= box.left &&
    point.x <= box.left + box.width &&
    point.y >= box.top &&
    point.y <= box.top + box.height;
  if (!inBox) return null;
  const x = mirrored ? 2 * box.left + box.width - point.x : point.x;
  const r = pictureRect(box, picture, fit);
  const u = (x - r.left) / r.width;
  const v = (point.y - r.top) / r.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  return { x: u * picture.width, y: v * picture.height };
}

/** previewToPicture for a click on a <video>: its content box and object-fit from the page. */
export function videoClickToPicture(video: HTMLVideoElement, clientX: number, clientY: number): Point | null {
  const rect = video.getBoundingClientRect();
  const style = getComputedStyle(video);
  const px = (v: string) => parseFloat(v) || 0;
  const left = px(style.borderLeftWidth) + px(style.paddingLeft);
  const top = px(style.borderTopWidth) + px(style.paddingTop);
  const box = {
    left: rect.left + left,
    top: rect.top + top,
    width: rect.width - left - px(style.borderRightWidth) - px(style.paddingRight),
    height: rect.height - top - px(style.borderBottomWidth) - px(style.paddingBottom),
  };
  const fit = (style.objectFit || 'contain') as ObjectFit;
  const mirrored = /^matrix\(-1,/.test(style.transform.replace(/\s/g, ''));
  return previewToPicture(
    { x: clientX, y: clientY },
    box,
    { width: video.videoWidth, height: video.videoHeight },
    fit,
    mirrored,
  );
}
