import { describe, expect, it } from 'vitest';
import { REPLAY_TICKET_TTL_MS } from '../../core/protocol/replay';
import { parseRange } from './http-routes';
import { ReplayTickets } from './tickets';

describe('replay tickets', () => {
  it('holds for its room and file until it expires, and for nothing else', () => {
    let now = 1_000_000;
    const tickets = new ReplayTickets('secret-0123456789', () => now);
    const { ticket, expiresAt } = tickets.issue('room-a', 'exports/minutes.csv');
    expect(expiresAt).toBe(now + REPLAY_TICKET_TTL_MS);
    expect(tickets.check('room-a', 'exports/minutes.csv', ticket)).toBe('ok');
    expect(tickets.check('room-b', 'exports/minutes.csv', ticket)).toBe('invalid');
    expect(tickets.check('room-a', 'exports/events.json', ticket)).toBe('invalid');
    expect(new ReplayTickets('another-secret-000').check('room-a', 'exports/minutes.csv', ticket)).toBe(
      'invalid',
    );
    const [exp, mac] = ticket.split('.');
    expect(tickets.check('room-a', 'exports/minutes.csv', `${Number(exp) + 1}.${mac}`)).toBe('invalid');
    for (const bad of [null, '', '.', 'x.y', `${exp}.`, `${exp}`, 'a'.repeat(500)])
      expect(tickets.check('room-a', 'exports/minutes.csv', bad)).toBe('invalid');
    now = expiresAt;
    expect(tickets.check('room-a', 'exports/minutes.csv', ticket)).toBe('expired');
  });

  it('puts the ticket in a URL whose path names the room and file', () => {
    const tickets = new ReplayTickets('secret-0123456789');
    const url = new URL(tickets.url('r 1', 'captions/zh-CN.vtt'), 'http://x');
    expect(url.pathname).toBe('/api/replay/r%201/captions/zh-CN.vtt');
    expect(tickets.check('r 1', 'captions/zh-CN.vtt', url.searchParams.get('t'))).toBe('ok');
  });
});

describe('byte ranges', () => {
  it('reads one range, a suffix or an open end; refuses what the file cannot give', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-99', 1000)).toEqual([0, 99]);
    expect(parseRange('bytes=900-', 1000)).toEqual([900, 999]);
    expect(parseRange('bytes=-100', 1000)).toEqual([900, 999]);
    expect(parseRange('bytes=990-5000', 1000)).toEqual([990, 999]);
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull(); // several: the whole file
    for (const bad of ['bytes=1000-', 'bytes=5-1', 'bytes=-0', 'bytes=-', 'items=0-1'])
      expect(parseRange(bad, 1000)).toBe('unsatisfiable');
  });
});
