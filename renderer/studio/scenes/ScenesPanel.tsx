// The Scenes panel: one button per scene (keys 1-4 do the same), the scene on air marked, and why a scene
// could not be shown. The compositor cross-fades to the chosen scene on the same outgoing track.
import { useId, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { SCENE_IDS } from '../../ar/scene-geometry';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { sceneCommand } from '../commands/scene-commands';
import { useCommand } from '../commands/use-command';
import { useStudioServices } from '../services/services-context';
import type { SceneId } from '../../ar/scene-geometry';

function SceneButton({
  scene,
  index,
  active,
  opening,
  reasonId,
}: {
  scene: SceneId;
  index: number;
  active: boolean;
  opening: boolean;
  /** The element that says why the scenes cannot be switched now (one reason for the whole row). */
  reasonId: string;
}) {
  const { t } = useTranslation('studio');
  const command = useCommand(sceneCommand(scene));
  return (
    <ReasonedButton
      testId={`scene-${scene}`}
      className={active ? 'primary' : undefined}
      aria-pressed={active}
      aria-busy={opening}
      reason={command.reason}
      reasonId={reasonId}
      onClick={command.run}
    >
      <kbd>{index + 1}</kbd> {t(`scenes.names.${scene}`)}
    </ReasonedButton>
  );
}

export function ScenesPanel() {
  const { t } = useTranslation('studio');
  const { scenes } = useStudioServices();
  const snap = useSyncExternalStore(scenes.subscribe, scenes.snapshot);
  // Every scene command has the same reason (no preview yet): said once for the row.
  const reason = useCommand(sceneCommand('camera')).reason;
  const reasonId = useId();
  return (
    <div className="scenes-panel" data-testid="scenes-panel" data-scene={snap.scene}>
      <div className="buttons" role="group" aria-label={t('panels.titles.scenes')}>
        {SCENE_IDS.map((scene, i) => (
          <SceneButton
            key={scene}
            scene={scene}
            index={i}
            active={snap.scene === scene}
            opening={snap.opening === scene}
            reasonId={reasonId}
          />
        ))}
      </div>
      {reason && (
        <p id={reasonId} className="disabled-reason" data-testid="scenes-reason">
          {reason}
        </p>
      )}
      {snap.opening && (
        <p className="muted">{t('scenes.opening', { scene: t(`scenes.names.${snap.opening}`) })}</p>
      )}
      {snap.scene === 'camera-pip' && snap.sameCamera && (
        <p className="muted" data-testid="scene-same-camera">
          {t('scenes.sameCamera')}
        </p>
      )}
      {snap.error && (
        <p className="banner banner-error" role="alert" data-testid="scene-error" data-code={snap.error}>
          {t(`scenes.errors.${snap.error}`)}
        </p>
      )}
      <p className="muted">{t('scenes.hint')}</p>
    </div>
  );
}
