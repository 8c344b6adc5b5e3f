import { describe, expect, it } from 'vitest';
import { classifyFailure, lastError, redact } from './destination-errors';

describe('destination errors', () => {
  it('names the reason from what FFmpeg said', () => {
    const reason = (stderr: string, wentLive = true) => classifyFailure(stderr, wentLive).error;
    expect(reason('[rtmp @ 0x1] Server error: Invalid stream key')).toBe('bad_key');
    expect(reason('[tcp @ 0x1] Connection to tcp://127.0.0.1:1 failed: Connection refused')).toBe(
      'unreachable',
    );
    expect(reason('Failed to resolve hostname live.example.invalid: Name or service not known')).toBe(
      'unreachable',
    );
    expect(reason('[tls @ 0x1] error:0A000086:SSL routines::certificate verify failed')).toBe('refused');
    expect(reason('[flv @ 0x1] Video codec hevc not compatible with flv')).toBe('codec');
    expect(reason('something else')).toBe('unknown');
    // A hang-up: while live it is a dropped link; before, the publish was refused (how a wrong key looks).
    const hangUp =
      'av_interleaved_write_frame(): End of file\nError writing trailer of [destination]: End of file';
    expect(reason(hangUp, true)).toBe('refused');
    expect(classifyFailure(hangUp, false)).toEqual({
      error: 'bad_key',
      hint: expect.stringMatching(/stream key/),
    });
    expect(reason('[tls @ 0x1] TLS handshake: End of file', false)).toBe('refused');
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
