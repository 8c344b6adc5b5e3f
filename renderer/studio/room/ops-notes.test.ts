// The studio's ops notes against a client that speaks the room socket's events: a pushed note shows, the
// list comes back after a reconnect (dismissed ones stay gone), and a dismissal the backend refuses comes back.
import { beforeEach, describe, expect, it } from 'vitest';
import type { OpsNote } from '../../../core/protocol/analytics-events';
import { StudioError } from '../../../core/protocol/result';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';
import { OpsNotes } from './ops-notes';

const note = (id: string, at: number): OpsNote => ({ id, roomId: 'r1', text: `note ${id}`, from: 'Ops', at });

function fakeClient(server: { open: OpsNote[]; refuse?: StudioError }) {
  const handlers: Record<string, (payload: unknown) => void> = {};
  const client = {
    onServer: (event: string, handler: (payload: unknown) => void) => {
      handlers[event] = handler;
      return () => delete handlers[event];
    },
    on: (event: string, handler: (payload: unknown) => void) => {
      handlers[`client:${event}`] = handler;
      return () => delete handlers[`client:${event}`];
    },
    request: async (event: string, input: { noteId?: string }) => {
      if (event === 'note:list') return server.open;
      if (event === 'note:dismiss') {
        if (server.refuse) throw server.refuse;
        server.open = server.open.filter((n) => n.id !== input.noteId);
        return true;
      }
      throw new Error(`unexpected ${event}`);
    },
  };
  return {
    client: client as unknown as RoomClient,
    push: (event: string, p: unknown) => handlers[event]?.(p),
  };
}

const shown = () => useStudioStore.getState().room.notes.map((n) => n.id);
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ops notes in the studio', () => {
  beforeEach(() => useStudioStore.getState().patchRoom({ notes: [] }));

  it('shows the open notes, then each pushed note once; other rooms’ notes are not shown', async () => {
    const server = { open: [note('n1', 1)] };
    const { client, push } = fakeClient(server);
    const notes = new OpsNotes();
    notes.attach(client, 'r1');
    await settle();
    expect(shown()).toEqual(['n1']);
    push('ops:note', note('n2', 2));
    push('ops:note', note('n2', 2));
    push('ops:note', { ...note('n3', 3), roomId: 'other' });
    expect(shown()).toEqual(['n1', 'n2']);
  });

  it('a dismissed note stays gone after a reconnect; one missed while offline appears', async () => {
    const server = { open: [note('n1', 1), note('n2', 2)] };
    const { client, push } = fakeClient(server);
    const notes = new OpsNotes();
    notes.attach(client, 'r1');
    await settle();
    await notes.dismiss('n1');
    expect(shown()).toEqual(['n2']);
    server.open = [...server.open, note('n3', 3)];
    push('client:rejoined', 'r1');
    await settle();
    expect(shown()).toEqual(['n2', 'n3']);
  });

  it('puts a note back when the backend refuses its dismissal, not when it is already gone', async () => {
    const server: { open: OpsNote[]; refuse?: StudioError } = {
      open: [note('n1', 1), note('n2', 2)],
      refuse: new StudioError('timeout', 'no answer'),
    };
    const { client } = fakeClient(server);
    const notes = new OpsNotes();
    notes.attach(client, 'r1');
    await settle();
    await notes.dismiss('n1');
    expect(shown()).toEqual(['n1', 'n2']);
    server.refuse = new StudioError('not_found', 'gone');
    await notes.dismiss('n1');
    expect(shown()).toEqual(['n2']);
  });
});
