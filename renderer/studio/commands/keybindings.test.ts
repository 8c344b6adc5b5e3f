// The studio's shortcuts behave as they did when LivePanel, CaptionsCard, DanmakuLayer and PageShell each
// listened for their own: plain letters only outside fields and without Ctrl/Cmd/Alt; Ctrl+Enter (or
// Cmd+Enter) from anywhere, Alt+C and Alt+L by physical key from anywhere, those chords kept from the browser.
import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, disabled } from './command-registry';
import { installKeybindings, isTyping, keysFor, type KeyPress } from './keybindings';
import { COMMAND, STUDIO_KEYBINDINGS } from './studio-commands';

type Listener = (e: KeyPress) => void;

function fakeWindow() {
  const listeners = new Set<Listener>();
  return {
    addEventListener: (_type: 'keydown', l: Listener) => listeners.add(l),
    removeEventListener: (_type: 'keydown', l: Listener) => listeners.delete(l),
    get listenerCount() {
      return listeners.size;
    },
    press(init: Partial<Omit<KeyPress, 'preventDefault'>> & { key: string }) {
      const e = {
        code: '',
        ctrlKey: false,
        metaKey: false,
        altKey: false,
        target: { tagName: 'BODY' },
        ...init,
        defaultPrevented: init.defaultPrevented ?? false,
        preventDefault() {
          e.defaultPrevented = true;
        },
      };
      for (const l of listeners) l(e);
      return e;
    },
  };
}

function setup() {
  const registry = new CommandRegistry();
  const ran: string[] = [];
  for (const id of Object.values(COMMAND)) {
    registry.register({ id, title: `title.${id}`, run: () => ran.push(id) });
  }
  const win = fakeWindow();
  const dispose = installKeybindings(win, registry, STUDIO_KEYBINDINGS);
  return { registry, ran, win, dispose };
}

const input = { tagName: 'INPUT' };

describe('studio keybindings', () => {
  it('runs each shortcut command from one listener', () => {
    const { ran, win } = setup();
    expect(win.listenerCount).toBe(1);
    win.press({ key: 'Enter', ctrlKey: true });
    win.press({ key: 'm' });
    win.press({ key: 'k' });
    win.press({ key: 't' });
    win.press({ key: 'n' });
    win.press({ key: 'd' });
    win.press({ key: 'ç', code: 'KeyC', altKey: true }); // Alt+C on a Mac types ç
    win.press({ key: 'l', code: 'KeyL', altKey: true });
    win.press({ key: 'r', code: 'KeyR', altKey: true });
    expect(ran).toEqual([
      COMMAND.toggleLive,
      COMMAND.toggleMute,
      COMMAND.mark,
      COMMAND.toggleTryOnOverlay,
      COMMAND.nextTryOnFace,
      COMMAND.toggleDanmaku,
      COMMAND.toggleCaptions,
      COMMAND.nextLanguage,
      COMMAND.openReplays,
    ]);
  });

  it('takes letters in either case, and not with Ctrl, Cmd or Alt, nor while typing in a field', () => {
    const { ran, win } = setup();
    win.press({ key: 'M' }); // Shift+M
    expect(ran).toEqual([COMMAND.toggleMute]);
    win.press({ key: 'm', ctrlKey: true });
    win.press({ key: 'm', metaKey: true });
    win.press({ key: 'm', altKey: true });
    for (const tagName of ['INPUT', 'SELECT', 'TEXTAREA', 'input'])
      win.press({ key: 'k', target: { tagName } });
    win.press({ key: 't', target: { tagName: 'DIV', isContentEditable: true } });
    expect(ran).toEqual([COMMAND.toggleMute]);
    // A plain letter is left to the page (no preventDefault).
    expect(win.press({ key: 'd' }).defaultPrevented).toBe(false);
  });

  it('goes live with Ctrl+Enter or Cmd+Enter even from the title field, and keeps the chord from the page', () => {
    const { ran, win } = setup();
    expect(win.press({ key: 'Enter', ctrlKey: true, target: input }).defaultPrevented).toBe(true);
    expect(win.press({ key: 'Enter', metaKey: true, target: input }).defaultPrevented).toBe(true);
    win.press({ key: 'Enter', target: input }); // Enter alone submits forms as usual
    expect(ran).toEqual([COMMAND.toggleLive, COMMAND.toggleLive]);
  });

  it('matches Alt+C and Alt+L by physical key, from fields too, but not with Ctrl or Cmd', () => {
    const { ran, win } = setup();
    expect(win.press({ key: 'c', code: 'KeyC', altKey: true, target: input }).defaultPrevented).toBe(true);
    win.press({ key: 'c', code: 'KeyC', altKey: true, ctrlKey: true });
    win.press({ key: 'c', code: 'KeyC', altKey: true, metaKey: true });
    win.press({ key: 'c', code: 'KeyC' }); // plain C is nothing in the studio
    win.press({ key: '¬', code: 'KeyL', altKey: true });
    expect(ran).toEqual([COMMAND.toggleCaptions, COMMAND.nextLanguage]);
  });

  it('takes F for the live arrangement outside fields, and F6 / Shift+F6 between areas from anywhere', () => {
    const { ran, win } = setup();
    win.press({ key: 'f' });
    win.press({ key: 'f', target: input }); // typing an f is typing
    expect(win.press({ key: 'F6', target: input }).defaultPrevented).toBe(true);
    win.press({ key: 'F6', shiftKey: true });
    win.press({ key: 'F6', ctrlKey: true }); // Ctrl+F6 is the system's
    win.press({ key: 'F6', defaultPrevented: true }); // a separator moved focus among its own
    expect(ran).toEqual([COMMAND.toggleLiveArrangement, COMMAND.nextArea, COMMAND.previousArea]);
    expect(keysFor(STUDIO_KEYBINDINGS, COMMAND.previousArea)).toBe('Shift+F6');
  });

  it('keeps a refused key command for the studio to show, and stops listening when disposed', () => {
    const registry = new CommandRegistry();
    registry.register({
      id: COMMAND.mark,
      title: 'studio:commands.mark',
      enabled: () => disabled('A mark belongs to a room'),
      run: vi.fn(),
    });
    const win = fakeWindow();
    const dispose = installKeybindings(win, registry, STUDIO_KEYBINDINGS);
    win.press({ key: 'k' });
    expect(registry.refusal()).toMatchObject({ id: COMMAND.mark, reason: 'A mark belongs to a room' });
    dispose();
    expect(win.listenerCount).toBe(0);
  });

  it('writes each command’s keys for people', () => {
    expect(keysFor(STUDIO_KEYBINDINGS, COMMAND.toggleLive)).toBe('Ctrl+Enter');
    expect(keysFor(STUDIO_KEYBINDINGS, COMMAND.toggleCaptions)).toBe('Alt+C');
    expect(keysFor(STUDIO_KEYBINDINGS, 'panel.toggle.captions')).toBeNull();
    expect(isTyping(null)).toBe(false);
    expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
  });
});
