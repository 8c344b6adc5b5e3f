// The AR overlay catalog: every assets/ar/<kind>/<name>.json with its picture, bundled by Vite (the pictures
// become hashed files or data: URLs in the built renderer). A product names its asset by id in `arAsset`,
// e.g. 'glasses/aviator'. The JSON files are ours but are still checked, so a bad edit fails loudly.
import { z } from 'zod';

const Point = z.tuple([z.number().finite(), z.number().finite()]);
const Size = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const common = {
  id: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
  about: z.string().optional(),
  image: z.string().min(1),
  size: Size,
};

export const ArAssetSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('glasses'),
    anchors: z.object({ leftEyeOuter: Point, rightEyeOuter: Point }),
  }),
  z.object({
    ...common,
    kind: z.literal('earrings'),
    anchors: z.object({ lobe: Point }),
    widthToFaceWidth: z.number().positive().max(1),
  }),
  z.object({
    ...common,
    kind: z.literal('hat'),
    anchors: z.object({ bandLeft: Point, bandRight: Point }),
    bandToFaceWidth: z.number().positive().max(3),
    liftToFaceWidth: z.number().min(-1).max(1),
  }),
  z.object({
    ...common,
    kind: z.literal('lipstick'),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    blend: z.enum(['multiply', 'soft-light']),
    opacity: z.number().min(0).max(1),
  }),
]);
export type ArAssetSpec = z.infer<typeof ArAssetSpecSchema>;
export type ArProductKind = ArAssetSpec['kind'];
export type ArPoint = z.infer<typeof Point>;

export interface ArAsset {
  spec: ArAssetSpec;
  /** The picture's URL in this build. */
  imageUrl: string;
}

const specs = import.meta.glob<unknown>('../../assets/ar/*/*.json', { eager: true, import: 'default' });
const images = import.meta.glob<string>('../../assets/ar/*/*.png', {
  eager: true,
  query: '?url',
  import: 'default',
});

function buildCatalog(): Map<string, ArAsset> {
  const catalog = new Map<string, ArAsset>();
  for (const [file, json] of Object.entries(specs)) {
    const spec = ArAssetSpecSchema.parse(json);
    const folder = file.slice(0, file.lastIndexOf('/') + 1);
    const imageUrl = images[folder + spec.image];
    if (!imageUrl) throw new Error(`AR asset ${spec.id}: ${spec.image} is missing beside ${file}`);
    if (!file.endsWith(`/${spec.id}.json`))
      throw new Error(`AR asset ${spec.id} must live in ${spec.id}.json`);
    catalog.set(spec.id, { spec, imageUrl });
  }
  return catalog;
}

const catalog = buildCatalog();

/** Asset ids in a stable order (kind, then name). */
export const AR_ASSET_IDS: readonly string[] = [...catalog.keys()].sort();

export function arAsset(id: string | null | undefined): ArAsset | null {
  return (id && catalog.get(id)) || null;
}

/** The i18n key (common namespace) of an asset's display name: 'glasses/aviator' -> 'ar.assets.glasses.aviator'. */
export function arAssetNameKey(id: string): string {
  return `ar.assets.${id.replace('/', '.')}`;
}
