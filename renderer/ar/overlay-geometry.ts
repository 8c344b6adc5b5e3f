// Where each overlay goes on a face: plain 2D math from the face's anchor points (canvas pixels) to a canvas
// transform for the product's picture. No DOM here, so it is unit-tested on its own.
import type { ArAssetSpec, ArPoint } from './ar-assets';

export interface Vec {
  x: number;
  y: number;
}

/** A canvas transform, as setTransform(a, b, c, d, e, f): x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** The face as the overlays need it, in canvas pixels (see toFaceGeometry for the tracker's anchors). */
export interface FaceGeometry {
  leftEyeOuter: Vec;
  rightEyeOuter: Vec;
  forehead: Vec;
  chin: Vec;
  leftEarLobe: Vec | null;
  rightEarLobe: Vec | null;
  /** Radians; only |yaw| is used (foreshortening). */
  yaw: number;
  faceWidth: number;
  lipsOuter: Vec[];
  lipsInner: Vec[];
}

/** Where a picture goes: its transform and the asset's anchor points as drawn (canvas pixels). */
export interface Placement {
  transform: Affine;
  /** Anchor name -> where that asset point was drawn. */
  points: Record<string, Vec>;
  /** Draw the picture mirrored left-right (the earring on the image's left). */
  mirrored?: boolean;
}

const sub = (p: Vec, q: Vec): Vec => ({ x: p.x - q.x, y: p.y - q.y });
const add = (p: Vec, q: Vec): Vec => ({ x: p.x + q.x, y: p.y + q.y });
const mul = (p: Vec, k: number): Vec => ({ x: p.x * k, y: p.y * k });
const dot = (p: Vec, q: Vec) => p.x * q.x + p.y * q.y;
const len = (p: Vec) => Math.hypot(p.x, p.y);
const vec = ([x, y]: ArPoint): Vec => ({ x, y });

export function apply(t: Affine, p: Vec): Vec {
  return { x: t.a * p.x + t.c * p.y + t.e, y: t.b * p.x + t.d * p.y + t.f };
}

/** The face's up (chin -> forehead) and right (as seen in the picture) unit vectors. */
export function faceAxes(face: Pick<FaceGeometry, 'forehead' | 'chin' | 'leftEyeOuter' | 'rightEyeOuter'>): {
  up: Vec;
  right: Vec;
} {
  let up = sub(face.forehead, face.chin);
  if (len(up) < 1e-6) {
    // Degenerate: fall back to the eye line, turned a quarter.
    const eyes = sub(face.rightEyeOuter, face.leftEyeOuter);
    up = { x: eyes.y, y: -eyes.x };
  }
  const u = mul(up, 1 / (len(up) || 1));
  return { up: u, right: { x: -u.y, y: u.x } };
}

/** The two points ordered as seen in the picture along `right`: [image-left, image-right]. */
function ordered(p: Vec, q: Vec, right: Vec): [Vec, Vec] {
  return dot(p, right) <= dot(q, right) ? [p, q] : [q, p];
}

/** How much taller than its width says a picture is drawn when the head is turned (width shrinks by cos yaw). */
export function yawStretch(yaw: number): number {
  return 1 / Math.max(0.45, Math.cos(Math.min(Math.abs(yaw), Math.PI / 2)));
}

/**
 * The transform that takes asset points a1 -> p1 and a2 -> p2 (rotation and uniform scale), with the
 * picture's height along the a1a2 normal multiplied by `stretch`.
 */
export function twoPointTransform(a1: Vec, a2: Vec, p1: Vec, p2: Vec, stretch = 1): Affine {
  const da = sub(a2, a1);
  const dp = sub(p2, p1);
  const s = len(dp) / (len(da) || 1);
  const phiA = Math.atan2(da.y, da.x);
  const phiP = Math.atan2(dp.y, dp.x);
  // M = R(phiP) · diag(s, s·stretch) · R(-phiA)
  const cp = Math.cos(phiP),
    sp = Math.sin(phiP),
    ca = Math.cos(phiA),
    sa = Math.sin(phiA);
  const sx = s,
    sy = s * stretch;
  // diag · R(-phiA) = [[sx·ca, sx·sa], [-sy·sa, sy·ca]]
  const m00 = sx * ca,
    m01 = sx * sa,
    m10 = -sy * sa,
    m11 = sy * ca;
  const a = cp * m00 - sp * m10;
  const c = cp * m01 - sp * m11;
  const b = sp * m00 + cp * m10;
  const d = sp * m01 + cp * m11;
  return { a, b, c, d, e: p1.x - (a * a1.x + c * a1.y), f: p1.y - (b * a1.x + d * a1.y) };
}

type Spec<K extends ArAssetSpec['kind']> = Extract<ArAssetSpec, { kind: K }>;

/** Glasses: the asset's eye-corner points on the face's eye corners; taller again by 1/cos(yaw). */
export function placeGlasses(spec: Spec<'glasses'>, face: FaceGeometry): Placement {
  const { right } = faceAxes(face);
  const [left, rightEye] = ordered(face.leftEyeOuter, face.rightEyeOuter, right);
  const a1 = vec(spec.anchors.leftEyeOuter);
  const a2 = vec(spec.anchors.rightEyeOuter);
  const transform = twoPointTransform(a1, a2, left, rightEye, yawStretch(face.yaw));
  return { transform, points: { leftEyeOuter: apply(transform, a1), rightEyeOuter: apply(transform, a2) } };
}

/** Hat: the band centred above the forehead point along the face's up, as wide as the face times a factor. */
export function placeHat(spec: Spec<'hat'>, face: FaceGeometry): Placement {
  const { up, right } = faceAxes(face);
  const centre = add(face.forehead, mul(up, face.faceWidth * spec.liftToFaceWidth));
  const half = (face.faceWidth * spec.bandToFaceWidth) / 2;
  const a1 = vec(spec.anchors.bandLeft);
  const a2 = vec(spec.anchors.bandRight);
  const transform = twoPointTransform(a1, a2, add(centre, mul(right, -half)), add(centre, mul(right, half)));
  return { transform, points: { bandLeft: apply(transform, a1), bandRight: apply(transform, a2) } };
}

/**
 * Earrings: one per visible lobe, hanging straight down (gravity, not the head's roll), scaled to the face
 * width; the one on the image's left is mirrored. A lobe the tracker cannot see (null) gets none.
 */
export function placeEarrings(spec: Spec<'earrings'>, face: FaceGeometry): Placement[] {
  const { right } = faceAxes(face);
  const s = (face.faceWidth * spec.widthToFaceWidth) / spec.size[0];
  const hook = vec(spec.anchors.lobe);
  const lobes = [face.leftEarLobe, face.rightEarLobe].filter((p): p is Vec => p !== null);
  const centre = mul(add(face.leftEyeOuter, face.rightEyeOuter), 0.5);
  return lobes.map((lobe) => {
    const mirrored = dot(sub(lobe, centre), right) < 0;
    const a = mirrored ? -s : s;
    const transform = { a, b: 0, c: 0, d: s, e: lobe.x - a * hook.x, f: lobe.y - s * hook.y };
    return { transform, points: { lobe: apply(transform, hook) }, mirrored };
  });
}

/** Lips: the ring between the outer and inner lip lines (the inner polygon, the mouth opening, stays out). */
export function lipRegion(face: FaceGeometry): { outer: Vec[]; inner: Vec[] } | null {
  if (face.lipsOuter.length < 3) return null;
  return { outer: face.lipsOuter, inner: face.lipsInner.length >= 3 ? face.lipsInner : [] };
}

/** Even-odd point-in-polygon test (the same rule the canvas uses to fill the lip ring). */
export function insidePolygon(p: Vec, poly: Vec[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!,
      b = poly[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
