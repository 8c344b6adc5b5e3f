import { describe, expect, it, vi } from 'vitest';
import { PanelLayout } from './panel-layout';

describe('panel layout', () => {
  it('hides and shows hideable panels only, with a new snapshot after each change', () => {
    const layout = new PanelLayout(['go-live', 'captions']);
    const changed = vi.fn();
    layout.subscribe(changed);
    const before = layout.snapshot();
    layout.setHidden('go-live', true);
    expect(layout.isHidden('go-live')).toBe(true);
    expect(layout.snapshot()).not.toBe(before);
    layout.setHidden('preview', true); // not hideable
    layout.setHidden('go-live', true); // no change
    expect(layout.isHidden('preview')).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
    layout.toggle('captions');
    layout.toggle('go-live');
    expect([...layout.hiddenPanels()]).toEqual(['captions']);
  });

  it('starts from what the persistence hook saved and saves each change to it', () => {
    const saved: string[][] = [];
    const layout = new PanelLayout(['go-live', 'captions'], {
      load: () => ['captions', 'preview', 'gone'],
      save: (hidden) => saved.push([...hidden]),
    });
    expect([...layout.hiddenPanels()]).toEqual(['captions']);
    layout.setHidden('go-live', true);
    expect(saved).toEqual([['captions', 'go-live']]);
  });
});
