// The studio's multistream service: the destinations start when the stream goes live (with the room's id and
// host key) only when one is on, stop when it ends, and a failure is kept in the snapshot to be said.
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination, MultistreamStatus } from '../../../core/protocol/multistream';
import { fail, ok, type Result } from '../../../core/protocol/result';
import { createStudioApi } from '../../../core/protocol/studio-client';
import { useStudioStore } from '../../stores/studio-store';
import { MultistreamDesk } from './multistream-desk';

const KEY = 'k'.repeat(32);
const initial = useStudioStore.getState();
const settle = () => new Promise((r) => setTimeout(r, 0));

function fakeHost(destinations: Destination[], startAnswer?: Result<unknown>) {
  const calls: [string, unknown][] = [];
  const api = createStudioApi(
    (async (method: string, args: unknown[]) => {
      calls.push([method, args[0]]);
      if (method === 'multistream.list') return ok(destinations);
      if (method === 'multistream.start')
        return startAnswer ?? ok({ sent: destinations.filter((d) => d.enabled).length, status: null });
      if (method === 'multistream.stop') return ok(null);
      return fail('unknown_method', method);
    }) as never,
    () => () => undefined,
  );
  return { api, calls };
}

const yt: Destination = {
  id: 'd1',
  name: 'YouTube',
  url: 'rtmp://a.rtmp.youtube.com/live2',
  keySet: true,
  enabled: true,
  platform: 'youtube',
};

describe('MultistreamDesk', () => {
  afterEach(() => useStudioStore.setState(initial, true));

  it('starts the destinations with the room id and host key when live, and stops them when the stream ends', async () => {
    const host = fakeHost([yt]);
    const desk = new MultistreamDesk(() => host.api, { roomId: 'room-1', hostKey: KEY });
    const off = desk.followLive();
    useStudioStore.getState().patchLive({ phase: 'starting' });
    useStudioStore.getState().patchLive({ phase: 'live' });
    await settle();
    expect(host.calls).toContainEqual(['multistream.start', { roomId: 'room-1', hostKey: KEY }]);
    expect(desk.snapshot().sent).toBe(1);
    useStudioStore.getState().patchLive({ phase: 'ending' });
    await settle();
    expect(host.calls).toContainEqual(['multistream.stop', { roomId: 'room-1' }]);
    off();
  });

  it('sends nothing when no destination is on', async () => {
    const host = fakeHost([{ ...yt, enabled: false }]);
    const desk = new MultistreamDesk(() => host.api, { roomId: 'room-1', hostKey: KEY });
    await desk.goLive();
    expect(host.calls.map(([m]) => m)).toEqual(['multistream.list']);
    expect(desk.snapshot().liveError).toBeNull();
  });

  it("keeps the host's typed error when starting fails, for the panel to say", async () => {
    const host = fakeHost([yt], fail('unavailable', 'The backend is not connected'));
    const desk = new MultistreamDesk(() => host.api, { roomId: 'room-1', hostKey: KEY });
    await desk.goLive();
    expect(desk.snapshot().liveError).toEqual({
      code: 'unavailable',
      message: 'The backend is not connected',
    });
    expect(desk.snapshot().starting).toBe(false);
    expect(desk.started).toBe(false);
  });

  it('follows the status the backend pushes for its room only', () => {
    const handlers = new Map<string, (p: unknown) => void>();
    const client = {
      onServer: (e: string, h: (p: unknown) => void) => (handlers.set(e, h), () => handlers.delete(e)),
      on: () => () => undefined,
    };
    const desk = new MultistreamDesk(() => fakeHost([]).api, { roomId: 'room-1', hostKey: KEY });
    const off = desk.attach(client as never, 'room-1');
    const status = (roomId: string): MultistreamStatus => ({
      roomId,
      encoder: { state: 'running', reason: null, cpuPct: 40 },
      destinations: [],
      at: 1,
    });
    handlers.get('multistream:status')?.(status('other'));
    expect(desk.snapshot().status).toBeNull();
    handlers.get('multistream:status')?.(status('room-1'));
    expect(desk.snapshot().status?.roomId).toBe('room-1');
    off();
    expect(handlers.size).toBe(0);
  });
});
