// Live AI captions in the real pages: Chromium's fake microphone plays real speech (LJ Speech) into the
// studio; the AudioWorklet sends 16 kHz PCM to the studio host; its captions worker runs Silero VAD and
// random-weight Whisper and Marian models of the real architectures from a LIVEBRIDGE_MODELS folder; the
// backend routes each language to the viewer page that picked it, labelled as AI-generated.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { startStudio, type Launched } from '../support/processes';
import { prepareCaptionStudio } from '../support/caption-studio';
import { expect, test, addProduct, showTab } from './fixtures';

test.describe('live captions', () => {
  let dir: string;
  let studio: Launched;
  let micBrowser: Browser;

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lb-e2e-captions-'));
    const { models, micWav: wav } = await prepareCaptionStudio(dir);
    studio = await startStudio([], { LIVEBRIDGE_MODELS: models, LIVEBRIDGE_MODEL_HUB: 'http://127.0.0.1:9' });
    micBrowser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
    });
  });

  test.afterAll(async () => {
    await micBrowser?.close();
    await studio?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the host speaks; a viewer reads AI-labelled Spanish captions with the product name exact', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const page = await (await micBrowser.newContext({ locale: 'en-US' })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(studio.url);

    // A product whose name the captions must keep exact.
    await addProduct(page, 'Sunglow', '19.99', '5');
    await expect(page.getByTestId('shelf-product')).toHaveCount(1);
    const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;

    await showTab(page, 'captions');
    const card = page.getByTestId('captions-card');
    await expect(card.getByTestId('model-row-whisper-base')).toHaveAttribute('data-state', 'ready');
    await card.getByTestId('captions-source-lang').selectOption('en');
    await card.getByTestId('caption-target-es').check();

    const viewer = await (await browser.newContext({ locale: 'es-ES' })).newPage();
    await viewer.goto(viewerUrl);
    // The viewer's browser language picks Spanish by default; the label says what these captions are.
    await expect(viewer.getByTestId('viewer-caption-lang')).toHaveValue('es');

    await card.getByTestId('captions-start').click();
    await expect(card.getByTestId('captions-state')).toHaveAttribute('class', /listening/, {
      timeout: 30_000,
    });

    const text = viewer.getByTestId('viewer-caption-text');
    await expect(text).not.toBeEmpty({ timeout: 45_000 });
    await expect(viewer.getByTestId('viewer-caption-ai-label')).toBeVisible();
    await expect(viewer.getByTestId('viewer-caption-ai-label')).toContainText(/IA|AI/);
    // A final Spanish caption that names the product: the name comes through translation exactly, as text.
    await expect(viewer.locator('[data-testid="viewer-caption-text"] strong').first()).toHaveText('Sunglow', {
      timeout: 45_000,
    });

    // The studio shows the Spanish lane and a lag reading.
    await expect(card.getByTestId('caption-lane-es')).toBeVisible();
    await expect(card.getByTestId('caption-lag')).not.toHaveAttribute('data-p50', '', { timeout: 30_000 });

    // Off means off: no captions layer text once the viewer turns them off (C toggles them).
    await viewer.keyboard.press('c');
    await expect(viewer.getByTestId('viewer-caption-text')).toHaveCount(0);

    await card.getByTestId('captions-stop').click();
    await expect(card.getByTestId('captions-start')).toBeVisible();
    expect(pageErrors).toEqual([]);
  });
});
