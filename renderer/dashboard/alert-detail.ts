// An alert's detail (what crossed the line) as words in the reader's language: the backend sends numbers
// per kind (server/alerts/rules.ts), never text, so each kind has its own sentence here. Keys name their
// namespace: `t` is the caller's.
import type { Alert } from '../../core/protocol/analytics-events';
import { formatDuration } from './board-model';
import { formatters } from '../shared/formatters';
import { safeFormat } from '../shared/money';
import { LIST_SEPARATOR } from '../../core/compliance/violation-summary';

/** How a list of names is joined in the reader's language. */
export const listJoiner = (language: string) => (language.startsWith('zh') ? '、' : ', ');

type T = (key: string, params?: Record<string, string | number>) => string;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The alert's detail sentence ('' when the detail does not have the fields its kind needs). */
export function describeAlert(alert: Pick<Alert, 'kind' | 'detail'>, t: T, language: string): string {
  const f = formatters(language);
  const d = alert.detail;
  switch (alert.kind) {
    case 'gpm_drop': {
      const currency = str(d.currency);
      const [now, before, drop] = [num(d.gpm), num(d.previous), num(d.dropPct)];
      if (!currency || now === null || before === null || drop === null) return '';
      return t('dashboard:alerts.detail.gpm_drop', {
        now: safeFormat(now, currency, language),
        before: safeFormat(before, currency, language),
        drop: f.int(drop),
      });
    }
    case 'negative_mood': {
      const [share, comments, negative] = [num(d.share), num(d.comments), num(d.negative)];
      if (share === null || comments === null || negative === null) return '';
      return t('dashboard:alerts.detail.negative_mood', {
        negative: f.int(negative),
        comments: f.int(comments),
        share: f.percent(share),
      });
    }
    case 'stock_low':
    case 'sold_out': {
      const stock = num(d.stock);
      if (stock === null) return '';
      return t('dashboard:alerts.detail.stock', {
        product: str(d.title) ?? str(d.productId) ?? '–',
        stock: f.int(stock),
      });
    }
    case 'stream_poor': {
      const [kbps, fps, loss] = [num(d.videoKbps), num(d.fps), num(d.lossPct)];
      if (kbps === null || fps === null || loss === null) return '';
      return t('dashboard:alerts.detail.stream_poor', {
        kbps: f.int(kbps),
        fps: f.int(fps),
        loss: f.decimal(loss),
      });
    }
    case 'caption_lag': {
      const lag = num(d.captionLagMs);
      return lag === null
        ? t('dashboard:alerts.detail.captionsOff')
        : t('dashboard:alerts.detail.caption_lag', { lag: (lag / 1000).toFixed(1) });
    }
    case 'no_video': {
      const without = num(d.withoutMs);
      return without === null
        ? ''
        : t('dashboard:alerts.detail.no_video', { duration: formatDuration(without) });
    }
    case 'compliance': {
      const level = num(d.level);
      const categories = str(d.categories);
      if ((level !== 1 && level !== 2) || !categories) return '';
      const list = (v: string | null, name: (item: string) => string) =>
        (v ?? '').split(LIST_SEPARATOR).filter(Boolean).map(name).join(listJoiner(language));
      return t('dashboard:alerts.detail.compliance', {
        level: t(`common:compliance.level${level}`),
        categories: list(categories, (c) => t(`common:compliance.category.${c}`)),
        markets: list(str(d.markets), (m) => m) || '–',
        words: str(d.words) ?? '–',
      });
    }
    default:
      return '';
  }
}
