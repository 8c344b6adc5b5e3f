import { describe, expect, it } from 'vitest';
import {
  anchorsFromLandmarks,
  EAR_HIDDEN_YAW,
  estimateRotation,
  landmarkPoint,
  LEFT_EYE_CONTOUR,
  LIPS_INNER,
  LIPS_OUTER,
  RIGHT_EYE_CONTOUR,
} from './anchors';
import { syntheticLandmarks } from './synthetic-face.test-helper';

const W = 200;

describe('face anchors', () => {
  it('reads the eye corners, nose, forehead, chin and face width off their landmarks', () => {
    const l = syntheticLandmarks({ cx: 320, cy: 240, width: W });
    const a = anchorsFromLandmarks(l);
    expect(a.leftEyeOuter).toEqual(landmarkPoint(l, 263));
    expect(a.rightEyeOuter).toEqual(landmarkPoint(l, 33));
    expect(a.noseBridge).toEqual(landmarkPoint(l, 168));
    expect(a.noseTip).toEqual(landmarkPoint(l, 1));
    expect(a.forehead).toEqual(landmarkPoint(l, 10));
    expect(a.chin).toEqual(landmarkPoint(l, 152));
    expect(a.faceWidth).toBeCloseTo(W, 3);
    // The subject's left eye is on the image right of an unmirrored frame; the forehead is above the chin.
    expect(a.leftEyeOuter.x).toBeGreaterThan(a.rightEyeOuter.x);
    expect(a.forehead.y).toBeLessThan(a.noseBridge.y);
    expect(a.noseBridge.y).toBeLessThan(a.chin.y);
  });

  it('puts each eye centre in the middle of its contour, or on the iris when the mesh has 478 points', () => {
    const l = syntheticLandmarks({ width: W });
    const a = anchorsFromLandmarks(l);
    expect(a.leftEyeCenter.x).toBeCloseTo(320 + 0.225 * W, 0);
    expect(a.leftEyeCenter.y).toBeCloseTo(240 - 0.1 * W, 0);
    expect(a.rightEyeCenter.x).toBeCloseTo(320 - 0.225 * W, 0);
    expect(LEFT_EYE_CONTOUR).toHaveLength(16);
    expect(RIGHT_EYE_CONTOUR).toHaveLength(16);

    const withIris = syntheticLandmarks({ width: W, iris: true });
    withIris[468 * 3] = withIris[468 * 3]! + 3; // the iris looks aside: the centre follows it, not the contour
    const b = anchorsFromLandmarks(withIris);
    expect(b.leftEyeCenter).toEqual(landmarkPoint(withIris, 468));
    expect(b.rightEyeCenter).toEqual(landmarkPoint(withIris, 473));
  });

  it('gives the lips as two closed polygons of 20 landmarks, the inner one inside the outer one', () => {
    const l = syntheticLandmarks({ width: W });
    const a = anchorsFromLandmarks(l);
    expect(a.lipsOuter).toEqual(LIPS_OUTER.map((i) => landmarkPoint(l, i)));
    expect(a.lipsInner).toEqual(LIPS_INNER.map((i) => landmarkPoint(l, i)));
    expect(new Set(LIPS_OUTER).size).toBe(20);
    expect(new Set(LIPS_INNER).size).toBe(20);
    const xs = (ps: { x: number }[]) => ps.map((p) => p.x);
    expect(Math.min(...xs(a.lipsOuter))).toBeLessThan(Math.min(...xs(a.lipsInner)));
    expect(Math.max(...xs(a.lipsOuter))).toBeGreaterThan(Math.max(...xs(a.lipsInner)));
  });

  it('estimates roll from the mesh and uses the tracker rotation when given', () => {
    const l = syntheticLandmarks({ width: W, roll: 0.3 });
    expect(anchorsFromLandmarks(l).roll).toBeCloseTo(0.3, 4);
    expect(estimateRotation(l).yaw).toBeCloseTo(0, 4);
    const given = { roll: 0.31, yaw: 0.05, pitch: -0.1 };
    expect(anchorsFromLandmarks(l, given)).toMatchObject(given);
  });

  it('estimates yaw from the nose between the temples: toward 454 is negative', () => {
    const turned = syntheticLandmarks({ width: W, noseShift: 0.2 });
    const yaw = estimateRotation(turned).yaw;
    expect(yaw).toBeLessThan(-0.1);
    expect(yaw).toBeGreaterThan(-0.3);
    expect(estimateRotation(syntheticLandmarks({ width: W, noseShift: -0.2 })).yaw).toBeCloseTo(-yaw, 5);
  });

  it('places the ear lobes just outside the jaw, and hides the one turned away', () => {
    const l = syntheticLandmarks({ width: W });
    const front = anchorsFromLandmarks(l, { roll: 0, yaw: 0, pitch: 0 });
    expect(front.leftEarLobe!.x).toBeGreaterThan(landmarkPoint(l, 361).x);
    expect(front.rightEarLobe!.x).toBeLessThan(landmarkPoint(l, 132).x);
    expect(front.leftEarLobe!.y).toBeCloseTo(landmarkPoint(l, 361).y, 3);

    const rightAway = anchorsFromLandmarks(l, { roll: 0, yaw: EAR_HIDDEN_YAW + 0.1, pitch: 0 });
    expect(rightAway.rightEarLobe).toBeNull();
    expect(rightAway.leftEarLobe).not.toBeNull();
    const leftAway = anchorsFromLandmarks(l, { roll: 0, yaw: -EAR_HIDDEN_YAW - 0.1, pitch: 0 });
    expect(leftAway.leftEarLobe).toBeNull();
    expect(leftAway.rightEarLobe).not.toBeNull();
    // Slightly turned: both ears still show.
    const slight = anchorsFromLandmarks(l, { roll: 0, yaw: 0.2, pitch: 0 });
    expect(slight.leftEarLobe && slight.rightEarLobe).toBeTruthy();
  });

  it('refuses a landmark array too short for the mesh', () => {
    expect(() => anchorsFromLandmarks(new Float32Array(100))).toThrow(RangeError);
  });
});
