// Pitch next in the studio: the backend's top picks of which product to present next, each with its reasons,
// and a Pin button that pins it through the outbox (as the shelf does). Pinning is one click; while a pin is
// on its way the buttons say so instead of taking a second click.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PitchPicks } from '../../shared/PitchPicks';
import { productTitle } from '../../shared/format';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectRoom, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { ActionError, RowReason } from './action-feedback';
import { useRoomAction } from './room-action';

export function PitchPanel() {
  const { t, i18n } = useTranslation('studio');
  const { room } = useStudioServices();
  const { pitch, products } = useStudioStore(selectRoom);
  const pinning = useRoomAction();
  const reasonId = useId();
  const reason = pinning.busy ? t('room.products.pinning') : null;
  return (
    <div className="pitch-panel" data-testid="pitch-panel">
      <RowReason id={reasonId} reason={reason} testId="pitch-pin-busy" />
      <ActionError
        message={pinning.error && t('room.products.pinFailed', { message: pinning.error })}
        testId="pitch-pin-error"
      />
      {(pitch?.picks.length ?? 0) > 0 && <p className="muted">{t('room.pitch.keyHint')}</p>}
      <PitchPicks
        pitch={pitch}
        products={products}
        action={(productId) => {
          const product = products.find((p) => p.id === productId);
          const title = product ? productTitle(product, i18n.language) : productId;
          return (
            <ReasonedButton
              testId="pitch-pin"
              reason={reason}
              reasonId={reasonId}
              title={t('common:pitch.pinTitle', { title })}
              onClick={() => void pinning.run(() => room.queue({ action: 'product.pin', productId }))}
            >
              {t('common:pitch.pin')}
            </ReasonedButton>
          );
        }}
      />
    </div>
  );
}
