import { describe, expect, it } from 'vitest';
import { readOrAbort } from './hub-client';

/** A body whose read never answers, like the fetch body that missed its abort. */
function silentReader() {
  let cancelled: unknown = null;
  const stream = new ReadableStream<Uint8Array>({
    pull: () => new Promise<void>(() => undefined),
    cancel: (reason) => {
      cancelled = reason;
    },
  });
  return { reader: stream.getReader(), cancelled: () => cancelled };
}

describe('readOrAbort', () => {
  it('gives up a read that never answers when the download is aborted, and cancels the body', async () => {
    const { reader, cancelled } = silentReader();
    const abort = new AbortController();
    const read = readOrAbort(reader, abort.signal, new AbortController().signal);
    setTimeout(() => abort.abort(new Error('closing')), 20);
    await expect(read).rejects.toThrow('closing');
    await expect.poll(cancelled).toBeInstanceOf(Error);
  });

  it('gives up on a stall the same way, and refuses at once when already aborted', async () => {
    const stall = new AbortController();
    const first = silentReader();
    const read = readOrAbort(first.reader, new AbortController().signal, stall.signal);
    stall.abort(new Error('stalled'));
    await expect(read).rejects.toThrow('stalled');
    const second = silentReader();
    await expect(
      readOrAbort(second.reader, AbortSignal.abort(new Error('gone')), stall.signal),
    ).rejects.toThrow('gone');
  });

  it('hands over chunks and the end as they come', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2]));
        c.close();
      },
    });
    const reader = stream.getReader();
    const never = new AbortController().signal;
    expect((await readOrAbort(reader, never, never)).value).toEqual(new Uint8Array([1, 2]));
    expect((await readOrAbort(reader, never, never)).done).toBe(true);
  });
});
