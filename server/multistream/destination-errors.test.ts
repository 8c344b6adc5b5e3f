import { describe, expect, it } from 'vitest';
import { classifyFailure, lastError, redact } from './destination-errors';

describe('destination errors', () => {
  it('names the reason from what FFmpeg said', () => {
    expect(classifyFailure('[rtmp @ 0x1] Server error: Invalid stream key')).toBe('bad_key');
    expect(classifyFailure('[tcp @ 0x1] Connection to tcp://127.0.0.1:1 failed: Connection refused')).toBe(
      'unreachable',
    );
    expect(
      classifyFailure('Failed to resolve hostname live.example.invalid: Name or service not known'),
    ).toBe('unreachable');
    expect(classifyFailure('[tls @ 0x1] error:0A000086:SSL routines::certificate verify failed')).toBe(
      'refused',
    );
    expect(classifyFailure('[flv @ 0x1] Video codec hevc not compatible with flv')).toBe('codec');
    expect(classifyFailure('something else')).toBe('unknown');
  });

  it('never leaves the stream key in a detail', () => {
    const key = 'live_123?secret=a b';
    const url = `rtmp://a.rtmp.youtube.com/live2/${key}`;
    const text = `[rtmp @ 0x1] Cannot open ${url}: Server error: bad name ${key} / ${encodeURIComponent(key)}`;
    const out = redact(text, key, url);
    expect(out).not.toContain('secret');
    expect(out).toContain('[destination]');
  });

  it('picks the line that says what failed', () => {
    const stderr = 'Input #0, flv\n[rtmp @ 0x1] Server error: Denied\nframe=1\nlast line';
    expect(lastError(stderr)).toBe('[rtmp @ 0x1] Server error: Denied');
  });
});
