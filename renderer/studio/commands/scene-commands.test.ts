import { describe, expect, it } from 'vitest';
import { bindingFor, type KeyPress } from './keybindings';
import { SCENE_KEYBINDINGS, sceneCommand } from './scene-commands';
import { STUDIO_KEYBINDINGS } from './studio-commands';

const press = (
  key: string,
  target: unknown = { tagName: 'BODY' },
  mods: Partial<KeyPress> = {},
): KeyPress => ({
  key,
  code: `Digit${key}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  preventDefault: () => undefined,
  ...mods,
});

describe('scene keys', () => {
  const all = [...STUDIO_KEYBINDINGS, ...SCENE_KEYBINDINGS];

  it('switch scenes with the digits in the panel order', () => {
    expect(bindingFor(all, press('1'))?.command).toBe(sceneCommand('camera'));
    expect(bindingFor(all, press('2'))?.command).toBe(sceneCommand('camera-pip'));
    expect(bindingFor(all, press('3'))?.command).toBe(sceneCommand('product-pip'));
    expect(bindingFor(all, press('4'))?.command).toBe(sceneCommand('screen'));
    expect(bindingFor(all, press('5'))).toBeUndefined();
  });

  it('are ignored while the host types, and with Ctrl or Alt', () => {
    expect(bindingFor(all, press('2', { tagName: 'INPUT' }))).toBeUndefined();
    expect(bindingFor(all, press('2', { tagName: 'DIV', isContentEditable: true }))).toBeUndefined();
    expect(bindingFor(all, press('2', { tagName: 'BODY' }, { ctrlKey: true }))).toBeUndefined();
    expect(bindingFor(all, press('2', { tagName: 'BODY' }, { altKey: true }))).toBeUndefined();
  });

  it('do not clash with another studio key', () => {
    const plain = STUDIO_KEYBINDINGS.filter((b) => b.match.kind === 'plain').map((b) => b.label);
    for (const b of SCENE_KEYBINDINGS) expect(plain).not.toContain(b.label);
  });
});
