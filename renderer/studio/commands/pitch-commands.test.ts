import { describe, expect, it } from 'vitest';
import type { Product } from '../../../core/protocol/room-events';
import { useStudioStore } from '../../stores/studio-store';
import { bindingFor, type KeyPress } from './keybindings';
import { PIN_TOP_PICK, PITCH_KEYBINDINGS, pitchCommands } from './pitch-commands';
import { SCENE_KEYBINDINGS } from './scene-commands';
import { STUDIO_KEYBINDINGS } from './studio-commands';

const press = (key: string, target: unknown = { tagName: 'BODY' }): KeyPress => ({
  key,
  code: `Key${key.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  preventDefault: () => undefined,
});

const product = (id: string): Product => ({
  id,
  roomId: 'r1',
  titles: { en: id },
  prices: { USD: 100 },
  stock: 3,
  images: [],
  arAsset: null,
  aliases: [],
  pinned: false,
  updatedAt: 1,
});

describe('P: pin the first Pitch next pick', () => {
  it('is its own plain key, ignored while typing', () => {
    const all = [...STUDIO_KEYBINDINGS, ...SCENE_KEYBINDINGS, ...PITCH_KEYBINDINGS];
    expect(bindingFor(all, press('p'))?.command).toBe(PIN_TOP_PICK);
    expect(bindingFor(all, press('p', { tagName: 'INPUT' }))).toBeUndefined();
    const labels = all.map((b) => b.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('says why it cannot run without a pick, and pins the first pick the studio knows', async () => {
    const queued: unknown[] = [];
    const [command] = pitchCommands({ queue: async (draft) => (queued.push(draft), 'id') });
    useStudioStore.getState().patchRoom({ pitch: null, products: [product('a'), product('b')] });
    expect(command!.enabled!()).toMatchObject({ enabled: false });
    useStudioStore.getState().patchRoom({
      pitch: {
        roomId: 'r1',
        at: 1,
        presenting: null,
        picks: [
          { productId: 'gone', score: 3, exploring: false, reasons: [{ kind: 'exploring' }] },
          { productId: 'b', score: 2, exploring: false, reasons: [{ kind: 'exploring' }] },
        ],
      },
    });
    expect(command!.enabled!()).toMatchObject({ enabled: true });
    await command!.run();
    expect(queued).toEqual([{ action: 'product.pin', productId: 'b' }]);
  });
});
