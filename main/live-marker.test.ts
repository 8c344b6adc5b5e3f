import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LIVE_MARKER_FILE, LiveMarker } from './live-marker';

const log = pino({ level: 'silent' });
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'livebridge-marker-'));

describe('the crash-while-live marker', () => {
  it('after a crash while live, the next start offers that stream with its settings', () => {
    const data = dir();
    const first = new LiveMarker(data, log, () => 1000);
    expect(first.resumable()).toBeNull();
    first.report({ live: true, roomId: 'room-1', title: 'Silk scarves' });
    // ...the process dies here: nothing ends the stream.
    const next = new LiveMarker(data, log);
    expect(next.resumable()).toEqual({ roomId: 'room-1', title: 'Silk scarves', since: 1000 });
  });

  it('a stream that ended leaves nothing to resume', () => {
    const data = dir();
    const first = new LiveMarker(data, log);
    first.report({ live: true, roomId: 'room-1', title: null });
    first.report({ live: false, roomId: null, title: null });
    expect(existsSync(path.join(data, LIVE_MARKER_FILE))).toBe(false);
    expect(new LiveMarker(data, log).resumable()).toBeNull();
  });

  it('going live again replaces the offer; a retitle keeps when the stream started', () => {
    const data = dir();
    let t = 1000;
    const first = new LiveMarker(data, log, () => t);
    first.report({ live: true, roomId: 'room-1', title: 'A' });
    const next = new LiveMarker(data, log, () => t);
    t = 5000;
    next.report({ live: true, roomId: 'room-2', title: 'B' });
    expect(next.resumable()).toBeNull();
    t = 9000;
    next.report({ live: true, roomId: 'room-2', title: 'B2' });
    expect(new LiveMarker(data, log).resumable()).toEqual({ roomId: 'room-2', title: 'B2', since: 5000 });
  });

  it('a damaged marker is dropped, not offered', () => {
    const data = dir();
    writeFileSync(path.join(data, LIVE_MARKER_FILE), '{"roomId": 42');
    expect(new LiveMarker(data, log).resumable()).toBeNull();
    expect(existsSync(path.join(data, LIVE_MARKER_FILE))).toBe(false);
  });
});
