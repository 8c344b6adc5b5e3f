// The stream's markets for the host: which markets its words are checked against (home, the viewers' markets,
// the ones it added), each market's share of the viewers online as a bar, and that market's guide (what
// sells there, what to avoid) from its rule pack. The host sets its home market, adds a market or excludes
// one; the compliance guard's flags of this stream are counted at the bottom.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamMarket } from '../../../core/protocol/compliance';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { ActionError } from './action-feedback';

function MarketRow({ m, onExclude, busy }: { m: StreamMarket; onExclude(): void; busy: boolean }) {
  const { t } = useTranslation('studio');
  const pct = Math.round(m.share * 100);
  return (
    <li className="market" data-testid="market" data-market={m.market}>
      <div className="market-head">
        <strong>{m.name}</strong> <span className="muted">{t(`compliance.markets.why.${m.why}`)}</span>
        <span className="market-share" data-testid="market-share">
          {t('compliance.markets.share', { pct, count: m.viewers })}
        </span>
        {m.why !== 'home' && (
          <button type="button" onClick={onExclude} disabled={busy} data-testid="market-exclude">
            {t('compliance.markets.exclude')}
          </button>
        )}
      </div>
      <div
        className="share-bar"
        role="img"
        aria-label={t('compliance.markets.shareLabel', { pct, name: m.name })}
      >
        <div className="share-fill" style={{ width: `${pct}%` }} />
      </div>
      <details className="market-guide" open={m.why === 'home' || m.share >= 0.2}>
        <summary>{t('compliance.markets.guide')}</summary>
        <ul className="guide-list">
          {m.sellingPoints.map((p) => (
            <li key={p} className="guide-point" data-testid="guide-point">
              {p}
            </li>
          ))}
          {m.cautions.map((c) => (
            <li key={c} className="guide-caution" data-testid="guide-caution">
              {c}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

export function MarketsPanel() {
  const { t } = useTranslation('studio');
  const { compliance } = useStudioServices();
  const markets = useStudioStore((s) => s.room.markets);
  const flagged = useStudioStore((s) => s.room.violations.length);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const homeId = useId();
  const addId = useId();
  if (!markets)
    return (
      <p className="muted" data-testid="markets-none">
        {t('compliance.markets.noRoom')}
      </p>
    );
  const change = (c: Parameters<typeof compliance.setMarkets>[0]) => {
    setBusy(true);
    setError(null);
    compliance
      .setMarkets(c)
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const shown = new Set(markets.markets.map((m) => m.market));
  const addable = markets.available.filter((a) => !shown.has(a.market));
  return (
    <div className="markets-panel" data-testid="markets-panel">
      <ActionError
        message={error && t('compliance.markets.failed', { message: error })}
        testId="markets-error"
      />
      <label htmlFor={homeId}>{t('compliance.markets.home')}</label>{' '}
      <select
        id={homeId}
        value={markets.home}
        disabled={busy}
        onChange={(e) => {
          const home = e.target.value;
          setBusy(true);
          setError(null);
          compliance
            .chooseHome(home)
            .catch((err: Error) => setError(err.message))
            .finally(() => setBusy(false));
        }}
        data-testid="markets-home"
      >
        {markets.available.map((a) => (
          <option key={a.market} value={a.market}>
            {a.name}
          </option>
        ))}
      </select>
      <ul className="market-list">
        {markets.markets.map((m) => (
          <MarketRow
            key={m.market}
            m={m}
            busy={busy}
            onExclude={() =>
              change({
                excluded: [...markets.excluded, m.market],
                added: markets.added.filter((a) => a !== m.market),
              })
            }
          />
        ))}
      </ul>
      {markets.unmapped > 0 && (
        <p className="muted">{t('compliance.markets.unmapped', { count: markets.unmapped })}</p>
      )}
      {addable.length > 0 && (
        <p>
          <label htmlFor={addId}>{t('compliance.markets.add')}</label>{' '}
          <select
            id={addId}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            data-testid="markets-add"
          >
            <option value="">{t('compliance.markets.pick')}</option>
            {addable.map((a) => (
              <option key={a.market} value={a.market}>
                {a.name}
              </option>
            ))}
          </select>{' '}
          <button
            type="button"
            disabled={busy || !adding}
            title={adding ? undefined : t('compliance.markets.pickFirst')}
            onClick={() => {
              change({
                added: [...markets.added, adding],
                excluded: markets.excluded.filter((x) => x !== adding),
              });
              setAdding('');
            }}
            data-testid="markets-add-button"
          >
            {t('compliance.markets.addButton')}
          </button>
        </p>
      )}
      {markets.excluded.length > 0 && (
        <p className="muted" data-testid="markets-excluded">
          {t('compliance.markets.excluded', { list: markets.excluded.join(', ') })}{' '}
          <button type="button" disabled={busy} onClick={() => change({ excluded: [] })}>
            {t('compliance.markets.includeAll')}
          </button>
        </p>
      )}
      <p className="muted" data-testid="markets-flagged">
        {t('compliance.markets.flagged', { count: flagged })}
      </p>
    </div>
  );
}
