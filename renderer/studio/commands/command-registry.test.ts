import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, disabled, ENABLED } from './command-registry';

describe('command registry', () => {
  it('runs an enabled command and refuses a disabled one, keeping the reason when a key asked', () => {
    const registry = new CommandRegistry();
    let ready = false;
    const run = vi.fn();
    registry.register({
      id: 'live.toggle',
      title: 'studio:commands.toggleLive',
      enabled: () => (ready ? ENABLED : disabled('Waiting for the studio host')),
      run,
    });
    expect(registry.reason('live.toggle')).toBe('Waiting for the studio host');

    // From a button (disabled, with its reason beside it) nothing more is said.
    expect(registry.execute('live.toggle', 'ui')).toBe(false);
    expect(registry.refusal()).toBeNull();
    // From the keyboard the refusal is kept, with the command's title, for the studio to show.
    expect(registry.execute('live.toggle', 'keyboard')).toBe(false);
    expect(registry.refusal()).toMatchObject({
      id: 'live.toggle',
      title: 'studio:commands.toggleLive',
      reason: 'Waiting for the studio host',
    });
    expect(run).not.toHaveBeenCalled();

    ready = true;
    expect(registry.reason('live.toggle')).toBeNull();
    expect(registry.execute('live.toggle', 'keyboard')).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    // A key command that ran clears the old refusal.
    expect(registry.refusal()).toBeNull();
  });

  it('shows the same refusal again when the key is pressed again, until dismissed', () => {
    const registry = new CommandRegistry();
    registry.register({ id: 'x', title: 't', enabled: () => disabled('no'), run: () => undefined });
    registry.execute('x', 'keyboard');
    const first = registry.refusal()!;
    registry.execute('x', 'keyboard');
    const second = registry.refusal()!;
    expect(second.seq).toBeGreaterThan(first.seq);
    registry.dismissRefusal(first.seq); // an old timer does not hide the newer one
    expect(registry.refusal()).toBe(second);
    registry.dismissRefusal(second.seq);
    expect(registry.refusal()).toBeNull();
  });

  it('reports a command that throws or rejects instead of dropping it', async () => {
    const errors: [string, unknown][] = [];
    const registry = new CommandRegistry({ onError: (id, e) => errors.push([id, e]) });
    registry.register({
      id: 'sync',
      title: 't',
      run: () => {
        throw new Error('boom');
      },
    });
    registry.register({ id: 'async', title: 't', run: () => Promise.reject(new Error('later')) });
    expect(registry.execute('sync')).toBe(true);
    expect(registry.execute('async')).toBe(true);
    await Promise.resolve();
    expect(errors.map(([id, e]) => [id, (e as Error).message])).toEqual([
      ['sync', 'boom'],
      ['async', 'later'],
    ]);
  });

  it('refuses a second command with the same id, and a disposer removes only its own command', () => {
    const registry = new CommandRegistry();
    const off = registry.register({ id: 'a', title: 't', run: () => undefined });
    expect(() => registry.register({ id: 'a', title: 't', run: () => undefined })).toThrow(/twice/);
    const changed = vi.fn();
    registry.subscribe(changed);
    off();
    off();
    expect(registry.get('a')).toBeUndefined();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(registry.execute('a', 'keyboard')).toBe(false);
    expect(registry.refusal()).toBeNull(); // an unknown key binding is not a refusal to show
  });
});
