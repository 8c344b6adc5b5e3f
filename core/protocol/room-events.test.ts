import { describe, expect, it } from 'vitest';
import {
  decodeCommentFrame,
  encodeCommentFrame,
  toCommentTuple,
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
