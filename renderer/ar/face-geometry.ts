// The tracker's face anchors (source pixels of the frame it tracked) as the overlays' FaceGeometry in canvas
// pixels: the tracker may have seen a smaller frame than the one drawn, and the camera may be cropped or drawn
// in a corner (canvas = source * s + o; scene-geometry's frameToCanvas gives s and o).
import type { FaceAnchors } from '../../core/ar/anchors';
import type { Point } from '../../core/ar/face-types';
import type { FaceGeometry, Vec } from './overlay-geometry';

export function toFaceGeometry(anchors: FaceAnchors, sx = 1, sy = sx, ox = 0, oy = 0): FaceGeometry {
  const v = (p: Point): Vec => ({ x: p.x * sx + ox, y: p.y * sy + oy });
  return {
    leftEyeOuter: v(anchors.leftEyeOuter),
    rightEyeOuter: v(anchors.rightEyeOuter),
    forehead: v(anchors.forehead),
    chin: v(anchors.chin),
    leftEarLobe: anchors.leftEarLobe ? v(anchors.leftEarLobe) : null,
    rightEarLobe: anchors.rightEarLobe ? v(anchors.rightEarLobe) : null,
    yaw: anchors.yaw,
    faceWidth: anchors.faceWidth * sx,
    lipsOuter: anchors.lipsOuter.map(v),
    lipsInner: anchors.lipsInner.map(v),
  };
}
