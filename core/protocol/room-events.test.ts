import { describe, expect, it } from 'vitest';
import {
  decodeCommentFrame,
  encodeCommentFrame,
  HOST_ACTION_TYPES,
  HostActionSchema,
  isModerationAction,
  toCommentTuple,
  toModerationInput,
  type CommentFrame,
  type CommentWire,
} from './room-events';

const comment: CommentWire = { id: 'u1:c1', t: 1200, a: 'u1', n: 'Ana', text: '<b>hi</b> 😍', k: 'v' };

describe('comment frames', () => {
  it('carry comments as tuples and decode back to the same comments', () => {
    const frame = encodeCommentFrame('room-1', [toCommentTuple(comment)], 0);
    expect(frame).toEqual({ r: 'room-1', c: [['u1:c1', 1200, 'u1', 'Ana', '<b>hi</b> 😍', 'v']] });
    expect(JSON.stringify(frame).length).toBeLessThan(
      JSON.stringify({ roomId: 'room-1', items: [comment] }).length,
    );
    expect(decodeCommentFrame(JSON.parse(JSON.stringify(frame)) as CommentFrame)).toEqual({
      roomId: 'room-1',
      items: [comment],
    });
  });

  it('keep the skipped count', () => {
    expect(decodeCommentFrame(encodeCommentFrame('r', [], 7))).toEqual({ roomId: 'r', items: [], shed: 7 });
  });

  it('leave out anything malformed instead of showing it half-read', () => {
    const frame = {
      r: 'r',
      c: [
        null,
        'text',
        [1, 2, 3, 4, 5, 6],
        ['id', 'not a time', 'a', 'n', 'x', 'v'],
        toCommentTuple(comment),
      ],
      s: -3,
    } as unknown as CommentFrame;
    expect(decodeCommentFrame(frame)).toEqual({ roomId: 'r', items: [comment] });
    expect(decodeCommentFrame({} as CommentFrame).items).toEqual([]);
  });
});

describe('host actions', () => {
  it('cover every change the studio makes to its room, each with the key that proves the room', () => {
    expect([...HOST_ACTION_TYPES].sort()).toEqual(
      [
        'product.pin',
        'product.patch',
        'product.upsert',
        'order.refund',
        'order.cancel',
        'room.retitle',
        'mod.mute',
        'mod.unmute',
        'mod.ban',
        'mod.deleteComment',
        'mod.blockWords',
        'mod.unblockWords',
        'mod.slowMode',
      ].sort(),
    );
    expect(HostActionSchema.safeParse({ action: 'mod.mute', roomId: 'r', userId: 'u' }).success).toBe(false);
    // A new product is named by the studio, so a resend cannot add it twice.
    const upsert = {
      action: 'product.upsert',
      roomId: 'r',
      titles: { en: 'Hat' },
      prices: { USD: 1 },
      stock: 1,
    };
    expect(HostActionSchema.safeParse({ ...upsert, hostKey: 'k' }).success).toBe(false);
    expect(HostActionSchema.safeParse({ ...upsert, id: 'p-1', hostKey: 'k' }).success).toBe(true);
  });

  it('turn moderation into the rules the backend applies, without the host key', () => {
    const mute = HostActionSchema.parse({ action: 'mod.mute', roomId: 'r', userId: 'u', hostKey: 'k' });
    expect(isModerationAction(mute)).toBe(true);
    if (isModerationAction(mute))
      expect(toModerationInput(mute)).toEqual({ action: 'mute', roomId: 'r', userId: 'u' });
    const slow = HostActionSchema.parse({ action: 'mod.slowMode', roomId: 'r', seconds: 30, hostKey: 'k' });
    if (isModerationAction(slow))
      expect(toModerationInput(slow)).toEqual({ action: 'slowMode', roomId: 'r', seconds: 30 });
    expect(
      isModerationAction(
        HostActionSchema.parse({ action: 'order.refund', roomId: 'r', orderId: 'o', hostKey: 'k' }),
      ),
    ).toBe(false);
  });
});
