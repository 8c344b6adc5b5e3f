import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../core/protocol/captions';
import type { Result } from '../../core/protocol/result';
import { AudioChunkSender, type AudioSendStats } from './audio-chunk-sender';
import { base64ToInt16 } from './pcm-encoding';

type Push = { chunk: AudioChunk; answer: (r: Result<{ accepted: boolean }>) => void };

function harness(options: { stallMs?: number; maxInFlight?: number } = {}) {
  let now = 0;
  const pushes: Push[] = [];
  const reports: AudioSendStats[] = [];
  const sender = new AudioChunkSender({
    ...options,
    now: () => now,
    push: (chunk) => new Promise((answer) => pushes.push({ chunk, answer })),
    onStats: (s) => reports.push(s),
  });
  return {
    sender,
    pushes,
    reports,
    advance: (ms: number) => (now += ms),
  };
}

const chunk = (v: number) => new Int16Array(1600).fill(v);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AudioChunkSender', () => {
  it('sends each chunk as little-endian base64 with an increasing seq', async () => {
    const h = harness();
    h.sender.send(chunk(7));
    h.sender.send(chunk(-7));
    expect(h.pushes.map((p) => p.chunk.seq)).toEqual([0, 1]);
    expect(base64ToInt16(h.pushes[1]!.chunk.pcm)[0]).toBe(-7);
    h.pushes.forEach((p) => p.answer({ ok: true, value: { accepted: true } }));
    await tick();
    expect(h.sender.stats).toMatchObject({ sent: 2, dropped: 0, rejected: 0, pending: 0 });
  });

  it('drops (and counts) new chunks while a push has been pending for over 2 s, then recovers', async () => {
    const h = harness();
    h.sender.send(chunk(1));
    h.advance(100);
    expect(h.sender.send(chunk(2))).toBe('sent');
    h.advance(1950);
    // The first push has now waited 2050 ms: the host is stuck, so audio is dropped, not queued.
    expect(h.sender.send(chunk(3))).toBe('dropped');
    expect(h.sender.send(chunk(4))).toBe('dropped');
    expect(h.pushes).toHaveLength(2);
    expect(h.reports.at(-1)).toMatchObject({ dropped: 2, pending: 2 });
    h.pushes.forEach((p) => p.answer({ ok: true, value: { accepted: true } }));
    await tick();
    expect(h.sender.send(chunk(5))).toBe('sent');
    // The gap in seq shows the host how many chunks it did not get.
    expect(h.pushes.map((p) => p.chunk.seq)).toEqual([0, 1, 4]);
  });

  it('never has more than maxInFlight pushes out, even when each is quick', () => {
    const h = harness({ maxInFlight: 3 });
    const results = Array.from({ length: 5 }, (_, i) => h.sender.send(chunk(i)));
    expect(results).toEqual(['sent', 'sent', 'sent', 'dropped', 'dropped']);
  });

  it('counts refusals and errors from the host, keeping the last error', async () => {
    const h = harness();
    h.sender.send(chunk(1));
    h.sender.send(chunk(2));
    h.pushes[0]!.answer({ ok: true, value: { accepted: false } });
    h.pushes[1]!.answer({ ok: false, error: { code: 'unavailable', message: 'captions are not running' } });
    await tick();
    expect(h.sender.stats).toMatchObject({
      sent: 2,
      rejected: 2,
      lastError: { code: 'unavailable', message: 'captions are not running' },
    });
  });

  it('sends nothing once closed', () => {
    const h = harness();
    h.sender.close();
    expect(h.sender.send(chunk(1))).toBe('closed');
    expect(h.pushes).toHaveLength(0);
  });
});
