import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../core/privacy/personal-data';
import type { CommentWire } from '../../core/protocol/room-events';
import { OwnComments } from './own-comments';

const comment = (a: string, text: string): CommentWire => ({
  id: `${a}-${text}`,
  t: 0,
  a,
  n: a,
  text,
  k: 'v',
});

describe('OwnComments', () => {
  it("shows the author its own masked comment as typed, and nobody else's", () => {
    const own = new OwnComments();
    own.setHandle('me');
    const typed = 'call me 13812345678';
    own.sent(typed);
    own.sent('just a normal comment');
    const masked = maskPersonalData(typed).text;
    expect(masked).not.toContain('13812345678');
    const [mine, theirs, plain] = own.restore([
      comment('me', masked),
      comment('someone', maskPersonalData('call me 13900000000').text),
      comment('me', 'just a normal comment'),
    ]);
    expect(mine!.text).toBe(typed);
    expect(theirs!.text).toBe(maskPersonalData('call me 13900000000').text);
    expect(plain!.text).toBe('just a normal comment');
  });

  it('restores nothing before the page knows its handle', () => {
    const own = new OwnComments();
    own.sent('mail me at a@b.co');
    expect(own.restore([comment('me', maskPersonalData('mail me at a@b.co').text)])[0]!.text).toBe(
      'mail me at •@•.••',
    );
  });
});
