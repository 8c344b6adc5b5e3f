// A destination whose link cannot keep up: its "FFmpeg" here is a shell that reads nothing for a while and
// then copies what it gets to a file. Feeding never waits on it; what it missed is counted, and once it
// catches up the stream it gets resumes at a key frame (a decoder can start there).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quietLogger } from '../../tests/support/quiet-logger';
import { Destination, type StreamStart } from './destination';
import { FLV_VIDEO, FlvReader, type FlvTag } from './flv';

function tag(type: number, ts: number, keyframe: boolean, bytes: number): FlvTag {
  const b = Buffer.alloc(11 + bytes + 4);
  b[0] = type;
  b.writeUIntBE(bytes, 1, 3);
  b.writeUIntBE(ts, 4, 3);
  b[11] = type === FLV_VIDEO ? (keyframe ? 0x17 : 0x27) : 0xaf;
  b[12] = 1;
  b.writeUInt32BE(11 + bytes, 11 + bytes);
  return { type, timestamp: ts, bytes: b, keyframe, sequenceHeader: false };
}

describe('Destination', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('drops for a link that cannot keep up, never waits on it, and resumes at a key frame', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'livebridge-dest-test-'));
    dirs.push(dir);
    const out = path.join(dir, 'out.flv');
    const bin = path.join(dir, 'slow-ffmpeg');
    writeFileSync(bin, `#!/bin/sh\nsleep 1.5\nexec cat > ${out}\n`);
    chmodSync(bin, 0o755);
    const start: StreamStart = {
      header: Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]),
      preamble: [],
      hasVideo: true,
    };
    const d = new Destination(
      { id: 'slow', name: 'Slow', url: 'rtmp://127.0.0.1:1/live', key: 'k' },
      { bin, roomId: 'r', log: quietLogger, changed: () => {}, start: () => start },
    );
    d.streamStarted(start);
    // 10 s of stream at 30 fps, 16 KB a frame (about 4 Mbit/s), a key frame every 2 s, fed at once.
    const t0 = Date.now();
    for (let i = 0; i < 300; i++) d.feed(tag(FLV_VIDEO, 1000 + i * 33, i % 60 === 0, 16_000), true);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(d.status().droppedFrames).toBeGreaterThan(100);
    // Caught up: the next key frame goes through, and what follows it.
    await new Promise((r) => setTimeout(r, 2500));
    for (let i = 300; i < 330; i++) d.feed(tag(FLV_VIDEO, 1000 + i * 33, i % 60 === 0, 16_000), true);
    await new Promise((r) => setTimeout(r, 500));
    await d.stop();

    const got: FlvTag[] = [];
    const reader = new FlvReader({
      header: () => {},
      tag: (t) => got.push(t),
      invalid: (r) => expect.fail(r),
    });
    reader.push(readFileSync(out));
    expect(got[0]!.keyframe).toBe(true);
    expect(got[0]!.timestamp).toBe(0); // each destination's stream starts at 0
    // Where the stream jumps (frames dropped), it picks up at a key frame.
    const jumps = got.filter((t, i) => i > 0 && t.timestamp - got[i - 1]!.timestamp > 40);
    expect(jumps.length).toBeGreaterThan(0);
    for (const t of jumps) expect(t.keyframe).toBe(true);
    expect(got.length + d.status().droppedFrames).toBe(330);
    expect(d.status().state).toBe('ended');
  });
});
