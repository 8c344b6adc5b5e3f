import { describe, expect, it } from 'vitest';
import { isDataSaver, receivedMedia, withDataSaver } from './data-saver';

describe('viewer data saver', () => {
  it('is on for video=0 or video=off only, and then receives sound only', () => {
    expect(isDataSaver('?room=r1&video=0')).toBe(true);
    expect(isDataSaver('?video=off&room=r1')).toBe(true);
    expect(isDataSaver('?room=r1')).toBe(false);
    expect(isDataSaver('?room=r1&video=1')).toBe(false);
    expect(isDataSaver('?room=r1&video=')).toBe(false);
    expect(receivedMedia('?room=r1&video=0')).toEqual(['audio']);
    expect(receivedMedia('?room=r1')).toEqual(['audio', 'video']);
  });

  it('switches a viewer link on and off, keeping its room and token', () => {
    const link = 'http://127.0.0.1:8787/viewer?room=r1&t=abc.def';
    const saver = withDataSaver(link, true);
    expect(new URL(saver).searchParams.get('video')).toBe('0');
    expect(new URL(saver).searchParams.get('room')).toBe('r1');
    expect(new URL(saver).searchParams.get('t')).toBe('abc.def');
    expect(withDataSaver(saver, false)).toBe(link);
  });
});
