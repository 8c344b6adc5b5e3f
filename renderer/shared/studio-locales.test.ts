import { describe, expect, it } from 'vitest';
import { STUDIO_LANGUAGES, VIEWER_LANGUAGES } from '../../core/protocol/languages';
import { VIEWER_LOCALES } from '../viewer/viewer-locales';
import { resources } from './studio-locales';

describe('what each page bundles', () => {
  it('bundles every namespace in each studio language for the studio, the dashboard and the replay page', () => {
    expect(Object.keys(resources).sort()).toEqual([...STUDIO_LANGUAGES].sort());
    expect(Object.keys(resources.en ?? {}).sort()).toEqual([
      'common',
      'dashboard',
      'replay',
      'studio',
      'viewer',
    ]);
  });

  it('bundles common and viewer only, in all 13 languages, for the viewer page', () => {
    expect(Object.keys(VIEWER_LOCALES.resources).sort()).toEqual([...VIEWER_LANGUAGES].sort());
    for (const lng of VIEWER_LANGUAGES)
      expect(Object.keys(VIEWER_LOCALES.resources[lng] ?? {}).sort(), lng).toEqual(['common', 'viewer']);
  });
});
