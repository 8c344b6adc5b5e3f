// Keys for commands, handled by one window-level listener that the studio's root installs: a shortcut does
// not depend on which panels are on screen. Plain letter keys are ignored while the host types in a field;
// chords with Ctrl/Cmd or Alt, and function keys (F6 moves between workspace areas), work everywhere
// (Ctrl+Enter goes live from the title field).
import type { CommandRegistry } from './command-registry';

export type KeyMatch =
  /** A plain key (KeyboardEvent.key, any case, Shift allowed), with no Ctrl, Cmd or Alt. */
  | { kind: 'plain'; key: string }
  /** Ctrl or Cmd with a key (KeyboardEvent.key); Alt and Shift do not matter. */
  | { kind: 'mod'; key: string }
  /** Alt with a physical key (KeyboardEvent.code: Alt changes the character on a Mac), no Ctrl or Cmd. */
  | { kind: 'alt'; code: string }
  /** A function key (KeyboardEvent.key, e.g. 'F6'), in fields too; Shift as given, no Ctrl, Cmd or Alt. */
  | { kind: 'function'; key: string; shift: boolean };

export interface Keybinding {
  command: string;
  match: KeyMatch;
  /** How the key is written for people (README, the shortcut list): the same in every language. */
  label: string;
}

/** What a keybinding needs of a key event (a DOM KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Read by function-key bindings only (a DOM KeyboardEvent always has it). */
  shiftKey?: boolean;
  /** A control already used the key for itself (a split separator's own F6, say): no command then. */
  defaultPrevented?: boolean;
  target: unknown;
  preventDefault(): void;
}

/** Whether the key went to a field the host types in (as the DOM says it: tag name, contentEditable). */
export function isTyping(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as { tagName?: unknown; isContentEditable?: unknown };
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

export function matches(match: KeyMatch, e: KeyPress): boolean {
  switch (match.kind) {
    case 'plain':
      return (
        !e.ctrlKey &&
        !e.metaKey &&
        !e.altKey &&
        !isTyping(e.target) &&
        e.key.toLowerCase() === match.key.toLowerCase()
      );
    case 'mod':
      return (e.ctrlKey || e.metaKey) && e.key === match.key;
    case 'alt':
      return e.altKey && !e.ctrlKey && !e.metaKey && e.code === match.code;
    case 'function':
      return (
        !e.ctrlKey && !e.metaKey && !e.altKey && (e.shiftKey ?? false) === match.shift && e.key === match.key
      );
  }
}

/** The binding for a key press, the first that matches. */
export function bindingFor(bindings: readonly Keybinding[], e: KeyPress): Keybinding | undefined {
  return bindings.find((b) => matches(b.match, e));
}

/** The keys written for a command (for the shortcut list and the refusal notice), or null. */
export function keysFor(bindings: readonly Keybinding[], command: string): string | null {
  const labels = bindings.filter((b) => b.command === command).map((b) => b.label);
  return labels.length > 0 ? labels.join(', ') : null;
}

interface KeyTarget {
  addEventListener(type: 'keydown', listener: (e: KeyPress) => void): void;
  removeEventListener(type: 'keydown', listener: (e: KeyPress) => void): void;
}

/**
 * The one keydown listener: runs the bound command (a refused one is shown by the registry's refusal).
 * Chords and function keys are kept from the browser (Ctrl+Enter, Alt+C, F6); plain letters are left alone. Returns a disposer.
 */
export function installKeybindings(
  target: KeyTarget,
  registry: CommandRegistry,
  bindings: readonly Keybinding[],
): () => void {
  const onKey = (e: KeyPress) => {
    if (e.defaultPrevented) return;
    const binding = bindingFor(bindings, e);
    if (!binding) return;
    if (binding.match.kind !== 'plain') e.preventDefault();
    registry.execute(binding.command, 'keyboard');
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
