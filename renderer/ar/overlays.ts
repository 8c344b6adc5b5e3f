// Overlays: one product drawn on a face, per kind (glasses, earrings, hat, lipstick), from its catalog asset.
// The compositor calls draw() once per video frame with the face in canvas pixels; placement math is in
// overlay-geometry.ts.
import { arAsset, type ArAsset, type ArAssetSpec, type ArProductKind } from './ar-assets';
import {
  lipRegion,
  placeEarrings,
  placeGlasses,
  placeHat,
  type FaceGeometry,
  type Placement,
  type Vec,
} from './overlay-geometry';

/** What one draw() put where: the asset's anchor points in canvas pixels (for the stats and the test hook). */
export interface DrawnOverlay {
  points: Record<string, Vec>;
}

export interface Overlay {
  readonly assetId: string;
  readonly kind: ArProductKind;
  /** Draws on `ctx` (identity transform, canvas pixels) and leaves its state as it found it. */
  draw(ctx: CanvasRenderingContext2D, face: FaceGeometry): DrawnOverlay;
}

function drawPicture(ctx: CanvasRenderingContext2D, image: CanvasImageSource, placement: Placement): void {
  const t = placement.transform;
  ctx.save();
  ctx.setTransform(t.a, t.b, t.c, t.d, t.e, t.f);
  ctx.drawImage(image, 0, 0);
  ctx.restore();
}

function tracePolygon(ctx: CanvasRenderingContext2D, points: Vec[]): void {
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.closePath();
}

type Spec<K extends ArProductKind> = Extract<ArAssetSpec, { kind: K }>;

/** An overlay for `asset` drawn with `image` (its decoded picture; unused for lipstick). */
export function createOverlay(asset: ArAsset, image: CanvasImageSource | null): Overlay {
  const { spec } = asset;
  const base = { assetId: spec.id, kind: spec.kind };
  const needImage = () => {
    if (!image) throw new Error(`AR asset ${spec.id} needs its picture`);
    return image;
  };
  switch (spec.kind) {
    case 'glasses': {
      const picture = needImage();
      return {
        ...base,
        draw(ctx, face) {
          const placement = placeGlasses(spec, face);
          drawPicture(ctx, picture, placement);
          return { points: placement.points };
        },
      };
    }
    case 'hat': {
      const picture = needImage();
      return {
        ...base,
        draw(ctx, face) {
          const placement = placeHat(spec, face);
          drawPicture(ctx, picture, placement);
          return { points: placement.points };
        },
      };
    }
    case 'earrings': {
      const picture = needImage();
      return {
        ...base,
        draw(ctx, face) {
          const points: Record<string, Vec> = {};
          for (const placement of placeEarrings(spec, face)) {
            drawPicture(ctx, picture, placement);
            points[placement.mirrored ? 'leftLobe' : 'rightLobe'] = placement.points.lobe!;
          }
          return { points };
        },
      };
    }
    case 'lipstick':
      return { ...base, draw: (ctx, face) => drawLipstick(ctx, spec, face) };
  }
}

function drawLipstick(
  ctx: CanvasRenderingContext2D,
  spec: Spec<'lipstick'>,
  face: FaceGeometry,
): DrawnOverlay {
  const region = lipRegion(face);
  if (!region) return { points: {} };
  ctx.save();
  ctx.globalCompositeOperation = spec.blend;
  ctx.globalAlpha = spec.opacity;
  ctx.fillStyle = spec.color;
  ctx.beginPath();
  tracePolygon(ctx, region.outer);
  if (region.inner.length) tracePolygon(ctx, region.inner);
  // Even-odd: the inner ring (the mouth opening, teeth) is a hole in the fill.
  ctx.fill('evenodd');
  ctx.restore();
  const n = region.outer.length;
  return { points: { lipsLeft: region.outer[0]!, lipsMid: region.outer[Math.floor(n / 2)]! } };
}

async function decodePicture(url: string): Promise<ImageBitmap> {
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  await img.decode();
  return createImageBitmap(img);
}

const pictures = new Map<string, Promise<ImageBitmap>>();

/** The overlay for a catalog asset id (its picture decoded once per page), or null for an unknown id. */
export async function loadOverlay(assetId: string | null | undefined): Promise<Overlay | null> {
  const asset = arAsset(assetId);
  if (!asset) return null;
  if (asset.spec.kind === 'lipstick') return createOverlay(asset, null);
  let picture = pictures.get(asset.spec.id);
  if (!picture) {
    picture = decodePicture(asset.imageUrl);
    pictures.set(asset.spec.id, picture);
    picture.catch(() => pictures.delete(asset.spec.id));
  }
  return createOverlay(asset, await picture);
}
