import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en/dashboard.json';
import zh from '../../locales/zh-CN/dashboard.json';
import enCommon from '../../locales/en/common.json';
import zhCommon from '../../locales/zh-CN/common.json';
import { describeAlert } from './alert-detail';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    ns: ['dashboard', 'common'],
    defaultNS: 'dashboard',
    resources: {
      en: { dashboard: en, common: enCommon },
      'zh-CN': { dashboard: zh, common: zhCommon },
    },
    interpolation: { escapeValue: false },
  });
});
const tr = (lng: string) => i18n.getFixedT(lng, 'dashboard') as (k: string, p?: object) => string;

describe('an alert’s detail in words', () => {
  it('writes what crossed the line per kind, never the raw field names', () => {
    const t = tr('en');
    const poor = { kind: 'stream_poor' as const, detail: { lossPct: 0, fps: 9, videoKbps: 1081 } };
    expect(describeAlert(poor, t, 'en')).toBe('1,081 kbit/s · 9 fps · 0.00% loss');
    expect(describeAlert(poor, t, 'en')).not.toMatch(/lossPct|videoKbps/);
    expect(
      describeAlert(
        { kind: 'gpm_drop', detail: { currency: 'USD', gpm: 1200, previous: 3000, dropPct: 60 } },
        t,
        'en',
      ),
    ).toBe('GPM $12.00, was $30.00 (down 60%)');
    expect(
      describeAlert(
        { kind: 'stock_low', detail: { productId: 'p1', stock: 3, title: 'Straw hat' } },
        t,
        'en',
      ),
    ).toBe('Straw hat: 3 left');
    expect(
      describeAlert({ kind: 'sold_out', detail: { productId: 'p1', stock: 0, title: null } }, t, 'en'),
    ).toBe('p1: 0 left');
    expect(
      describeAlert({ kind: 'negative_mood', detail: { share: 0.5, comments: 12, negative: 6 } }, t, 'en'),
    ).toBe('6 of 12 comments negative (50%)');
    expect(describeAlert({ kind: 'caption_lag', detail: { captionLagMs: 2500 } }, t, 'en')).toBe(
      'Captions 2.5 s behind speech',
    );
    expect(describeAlert({ kind: 'no_video', detail: { withoutMs: 75_000 } }, t, 'en')).toBe(
      'No video for 1:15',
    );
  });

  it('follows the reader’s language and says nothing for a detail without its fields', () => {
    expect(
      describeAlert(
        { kind: 'stock_low', detail: { productId: 'p1', stock: 2, title: '草帽' } },
        tr('zh-CN'),
        'zh-CN',
      ),
    ).toBe('草帽：剩余 2');
    expect(describeAlert({ kind: 'stream_poor', detail: { fps: 'x' } }, tr('en'), 'en')).toBe('');
  });

  it('names a compliance violation’s level, categories, markets and words in the reader’s language', () => {
    const alert = {
      kind: 'compliance' as const,
      detail: {
        violationId: 'v1',
        level: 2,
        source: 'caption',
        categories: 'absolute_term,medical_claim',
        markets: 'CN',
        words: '国家级 · 根治脱发',
      },
    };
    expect(describeAlert(alert, tr('en'), 'en')).toBe(
      'Warning · Absolute term, Medical claim · CN: “国家级 · 根治脱发”',
    );
    expect(describeAlert(alert, tr('zh-CN'), 'zh-CN')).toBe(
      '警告 · 绝对化用语、医疗功效宣称 · CN：“国家级 · 根治脱发”',
    );
    expect(describeAlert({ kind: 'compliance', detail: { level: 3, categories: 'x' } }, tr('en'), 'en')).toBe(
      '',
    );
  });
});
