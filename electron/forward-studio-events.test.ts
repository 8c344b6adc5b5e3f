import { describe, expect, it } from 'vitest';
import type { StudioEventMessage } from '../core/protocol/studio-api';
import { forwardStudioEvents } from './forward-studio-events';

function fakeHost() {
  const listeners = new Set<(m: StudioEventMessage) => void>();
  return {
    onEvent(listener: (m: StudioEventMessage) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(m: StudioEventMessage) {
      listeners.forEach((l) => l(m));
    },
    get listening() {
      return listeners.size;
    },
  };
}

function fakeContents(url: string) {
  const sent: [string, unknown][] = [];
  const once = new Map<string, () => void>();
  const contents = {
    url,
    destroyed: false,
    isDestroyed: () => contents.destroyed,
    getURL: () => contents.url,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
    once: (event: string, listener: () => void) => {
      once.set(event, listener);
      return contents;
    },
    destroy() {
      contents.destroyed = true;
      once.get('destroyed')?.();
    },
  };
  return { contents, sent };
}

const outbox: StudioEventMessage = {
  event: 'outbox.status',
  payload: { online: true, queued: 2, lastError: null, lastRejected: null },
};

describe('pushed studio events in Electron', () => {
  it('sends each event on its own channel to our page only, and stops with the window', () => {
    const host = fakeHost();
    const { contents, sent } = fakeContents('app://studio/studio.html');
    forwardStudioEvents(host, contents as never);
    host.emit(outbox);
    expect(sent).toEqual([['studio-event:outbox.status', outbox.payload]]);

    // Navigated away from our origin (it should not be, but): nothing more is sent there.
    contents.url = 'https://evil.example/';
    host.emit(outbox);
    expect(sent).toHaveLength(1);

    contents.url = 'app://studio/studio.html';
    contents.destroy();
    expect(host.listening).toBe(0);
    host.emit(outbox);
    expect(sent).toHaveLength(1);
  });

  it('stops when its disposer is called', () => {
    const host = fakeHost();
    const { contents, sent } = fakeContents('app://studio/studio.html');
    const off = forwardStudioEvents(host, contents as never);
    off();
    host.emit(outbox);
    expect(sent).toEqual([]);
  });
});
