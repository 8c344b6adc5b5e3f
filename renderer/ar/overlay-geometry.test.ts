import { describe, expect, it } from 'vitest';
import { AR_ASSET_IDS, arAsset, type ArAssetSpec } from './ar-assets';
import {
  apply,
  insidePolygon,
  lipRegion,
  placeEarrings,
  placeGlasses,
  placeHat,
  twoPointTransform,
  yawStretch,
  type FaceGeometry,
  type Vec,
} from './overlay-geometry';

type Spec<K extends ArAssetSpec['kind']> = Extract<ArAssetSpec, { kind: K }>;
const spec = <K extends ArAssetSpec['kind']>(id: string) => arAsset(id)!.spec as Spec<K>;

/** An upright face 200 px wide centred at (320, 240), turned `roll` radians clockwise on screen. */
function face(roll = 0, yaw = 0): FaceGeometry {
  const c = { x: 320, y: 240 };
  const at = (x: number, y: number): Vec => ({
    x: c.x + x * Math.cos(roll) - y * Math.sin(roll),
    y: c.y + x * Math.sin(roll) + y * Math.cos(roll),
  });
  const ring = (rx: number, ry: number, dy: number) =>
    Array.from({ length: 20 }, (_, i) =>
      at(rx * Math.cos((i / 20) * 2 * Math.PI), dy + ry * Math.sin((i / 20) * 2 * Math.PI)),
    );
  return {
    // The subject's left eye is on the image's right (an unmirrored camera).
    leftEyeOuter: at(70, -30),
    rightEyeOuter: at(-70, -30),
    forehead: at(0, -120),
    chin: at(0, 130),
    leftEarLobe: at(105, 40),
    rightEarLobe: at(-105, 40),
    yaw,
    faceWidth: 200,
    lipsOuter: ring(40, 16, 70),
    lipsInner: ring(28, 6, 70),
  };
}

const close = (p: Vec, q: Vec, digits = 6) => {
  expect(p.x).toBeCloseTo(q.x, digits);
  expect(p.y).toBeCloseTo(q.y, digits);
};

describe('overlay geometry', () => {
  it('has one sample asset per product kind', () => {
    expect(AR_ASSET_IDS).toEqual(['earrings/hoop', 'glasses/aviator', 'hat/fedora', 'lipstick/ruby']);
    for (const id of AR_ASSET_IDS) expect(arAsset(id)!.imageUrl).toBeTruthy();
    expect(arAsset('glasses/none')).toBeNull();
    expect(arAsset(null)).toBeNull();
  });

  it('maps two asset points onto two face points', () => {
    const t = twoPointTransform({ x: 10, y: 20 }, { x: 110, y: 20 }, { x: 300, y: 300 }, { x: 300, y: 500 });
    close(apply(t, { x: 10, y: 20 }), { x: 300, y: 300 });
    close(apply(t, { x: 110, y: 20 }), { x: 300, y: 500 });
    // A quarter turn clockwise and twice the size: the asset's "down" points to the image's left.
    close(apply(t, { x: 10, y: 30 }), { x: 280, y: 300 });
  });

  it('puts the glasses on the eye corners, turned with the head, whichever way the eyes are named', () => {
    const glasses = spec<'glasses'>('glasses/aviator');
    for (const roll of [0, 0.4, -0.7]) {
      const f = face(roll);
      const placed = placeGlasses(glasses, f);
      close(placed.points.leftEyeOuter!, f.rightEyeOuter); // the image-left corner
      close(placed.points.rightEyeOuter!, f.leftEyeOuter);
      expect(Math.atan2(placed.transform.b, placed.transform.a)).toBeCloseTo(roll, 6);
      const swapped = placeGlasses(glasses, {
        ...f,
        leftEyeOuter: f.rightEyeOuter,
        rightEyeOuter: f.leftEyeOuter,
      });
      expect(swapped.transform).toEqual(placed.transform);
    }
  });

  it('foreshortens the glasses with yaw: narrower with the eyes, not shorter', () => {
    const glasses = spec<'glasses'>('glasses/aviator');
    const front = placeGlasses(glasses, face(0, 0)).transform;
    const turned = face(0, 0.6);
    // The tracker's eye corners come closer together as the head turns.
    turned.leftEyeOuter = { x: 320 + 70 * Math.cos(0.6), y: 210 };
    turned.rightEyeOuter = { x: 320 - 70 * Math.cos(0.6), y: 210 };
    const t = placeGlasses(glasses, turned).transform;
    expect(t.a).toBeCloseTo(front.a * Math.cos(0.6), 6);
    expect(t.d).toBeCloseTo(front.d, 6);
    expect(yawStretch(1.5)).toBeCloseTo(1 / 0.45, 6); // capped when nearly in profile
  });

  it('sits the hat above the forehead, as wide as the face says, rolled with it', () => {
    const hat = spec<'hat'>('hat/fedora');
    for (const roll of [0, 0.3]) {
      const f = face(roll);
      const placed = placeHat(hat, f);
      const l = placed.points.bandLeft!;
      const r = placed.points.bandRight!;
      expect(Math.hypot(r.x - l.x, r.y - l.y)).toBeCloseTo(f.faceWidth * hat.bandToFaceWidth, 6);
      expect(Math.atan2(r.y - l.y, r.x - l.x)).toBeCloseTo(roll, 6);
      const mid = { x: (l.x + r.x) / 2, y: (l.y + r.y) / 2 };
      const lift = f.faceWidth * hat.liftToFaceWidth;
      close(mid, { x: f.forehead.x + lift * Math.sin(roll), y: f.forehead.y - lift * Math.cos(roll) });
    }
  });

  it('hangs an earring from each visible lobe, straight down, none for a hidden lobe', () => {
    const hoop = spec<'earrings'>('earrings/hoop');
    const f = face(0.3);
    const both = placeEarrings(hoop, f);
    expect(both).toHaveLength(2);
    for (const p of both) {
      expect(p.transform.b).toBe(0); // no roll: gravity
      expect(Math.abs(p.transform.a) * hoop.size[0]).toBeCloseTo(f.faceWidth * hoop.widthToFaceWidth, 6);
    }
    const imageLeft = both.find((p) => p.mirrored)!;
    close(imageLeft.points.lobe!, f.rightEarLobe!);
    const one = placeEarrings(hoop, { ...f, leftEarLobe: null });
    expect(one).toHaveLength(1);
    close(one[0]!.points.lobe!, f.rightEarLobe!);
    expect(placeEarrings(hoop, { ...f, leftEarLobe: null, rightEarLobe: null })).toEqual([]);
  });

  it('fills the lips between the outer and inner lines, never the mouth opening', () => {
    const f = face();
    const region = lipRegion(f)!;
    const painted = (p: Vec) => insidePolygon(p, region.outer) !== insidePolygon(p, region.inner);
    expect(painted({ x: 320, y: 310 })).toBe(false); // the middle of the open mouth (teeth)
    expect(painted({ x: 320, y: 321 })).toBe(true); // the lower lip
    expect(painted({ x: 320, y: 298 })).toBe(true); // the upper lip
    expect(painted({ x: 400, y: 310 })).toBe(false); // the cheek
    expect(lipRegion({ ...f, lipsOuter: [] })).toBeNull();
  });
});
