// A viewer's comment in a language the host does not read: with no translation model installed, the studio
// shows no "translation" under it (it once showed the comment again as its own translation) and says once,
// in the Captions card, that comments are not being translated and why.
import { connectAs, value } from '../support/room-clients';
import { chooseLanguage, expect, test, addProduct, showTab } from './fixtures';

test('with no translator, a foreign comment gets no translation line and the Captions card says why', async ({
  page,
  studio,
}) => {
  await page.goto(studio.url);
  await addProduct(page, 'Straw hat', '9', '9');
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const roomId = new URL(viewerUrl).searchParams.get('room')!;

  const viewer = await connectAs(new URL(viewerUrl).origin, { role: 'viewer', room: roomId });
  value(await viewer.emitWithAck('room:join', { roomId }));
  const text = '¿Cuánto cuesta el sombrero de paja? Me encanta el color y quiero comprarlo ahora mismo';
  value(await viewer.emitWithAck('comment:send', { roomId, text, clientId: 'spanish-0000000001' }));

  const comment = page.getByTestId('studio-comment').filter({ hasText: 'sombrero' });
  await expect(comment).toBeVisible();
  await showTab(page, 'captions');
  const gap = page.getByTestId('comment-translation-gap');
  await expect(gap).toHaveAttribute('data-languages', 'es');
  await expect(gap).toHaveText(
    'Viewer comments in Spanish are not being translated into English: this computer has no translation ' +
      'model for them. A cloud translator (Translation, below) can translate them.',
  );
  await expect(comment.locator('[data-testid^="comment-translation-"]')).toHaveCount(0);
  await expect(comment.getByTestId('comment-text')).toHaveText(text);
  // Said once, not under each comment.
  await expect(page.getByText('not being translated')).toHaveCount(1);

  await chooseLanguage(page, 'zh-CN');
  await expect(gap).toContainText('西班牙语观众评论没有被翻译成简体中文');
  await chooseLanguage(page, 'en');
  viewer.disconnect();
});
