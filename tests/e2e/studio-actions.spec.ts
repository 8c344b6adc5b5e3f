// Studio actions never drop a click: products added as fast as they can be typed all arrive, a failed
// action keeps what was typed and says why, and a disabled control says why it is disabled.
import type { Page } from '@playwright/test';
import { connectAs, value } from '../support/room-clients';
import { chooseLanguage, expect, test, addProduct } from './fixtures';

async function roomOf(page: Page): Promise<{ origin: string; roomId: string }> {
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  return { origin: new URL(viewerUrl).origin, roomId: new URL(viewerUrl).searchParams.get('room')! };
}

async function listedProducts(page: Page): Promise<string[]> {
  const { origin, roomId } = await roomOf(page);
  const viewer = await connectAs(origin, { role: 'viewer', room: roomId });
  try {
    value(await viewer.emitWithAck('room:join', { roomId }));
    const products = value(await viewer.emitWithAck('product:list', { roomId }));
    return products.map((p) => p.titles.en ?? '').sort();
  } finally {
    viewer.disconnect();
  }
}

test('five products added as fast as they can be typed all reach the shelf and the backend', async ({
  page,
  studio,
  consoleErrors,
}) => {
  await page.goto(studio.url);
  const names = ['Alpha hat', 'Bravo scarf', 'Charlie gloves', 'Delta socks', 'Echo belt'];
  // No waiting between products: the next one is typed while the last is still on its way (the first
  // also creates the room). That once wiped the second product's title as the first one's answer came
  // back, so it was refused for having no title and nothing said so.
  for (const [i, name] of names.entries()) {
    await addProduct(page, name, `${i + 1}.50`, `${i + 3}`);
  }
  await expect(page.getByTestId('shelf-product')).toHaveCount(5);
  expect(await listedProducts(page)).toEqual([...names].sort());
  // Each product has the values typed with it, and the form is empty for the next one.
  for (const [i, name] of names.entries()) {
    await expect(page.getByTestId('shelf-product').filter({ hasText: name })).toContainText(`$${i + 1}.50`);
  }
  await expect(page.getByTestId('product-title-en')).toHaveValue('');
  await expect(page.getByTestId('add-product-error')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a disabled control says why, and a failed add keeps what was typed and says why', async ({
  page,
  studio,
}) => {
  await page.goto(studio.url);
  // Before a title is typed the add button is disabled, and the reason is on screen beside it.
  const add = page.getByTestId('add-product');
  await expect(add).toBeDisabled();
  await expect(page.getByTestId('add-product-reason')).toHaveText(
    'Type a title (English or Chinese) to add a product.',
  );
  await expect(add).toHaveAccessibleDescription('Type a title (English or Chinese) to add a product.');
  // Without a room there is nothing to mark: the mark button says so.
  await expect(page.getByTestId('mark-moment')).toBeDisabled();
  await expect(page.getByTestId('mark-moment-reason')).toContainText('go live or add a product first');

  await page.getByTestId('product-title-en').fill('Warehouse');
  await expect(page.getByTestId('add-product-reason')).toHaveText('Enter a price of 0 or more.');
  await page.getByTestId('product-price').fill('12');
  await expect(page.getByTestId('add-product-reason')).toHaveText('Enter the stock (0 or more).');
  // More stock than the backend accepts: it refuses, and says why.
  await page.getByTestId('product-stock').fill('2000000');
  await expect(add).toBeEnabled();
  await expect(page.getByTestId('add-product-reason')).toHaveCount(0);
  await add.click();
  const error = page.getByTestId('add-product-error');
  await expect(error).toContainText('The product was not added');
  await expect(error).toContainText('stock');
  await expect(error).toContainText('What you typed is kept');
  await expect(page.getByTestId('product-title-en')).toHaveValue('Warehouse');
  await expect(page.getByTestId('product-price')).toHaveValue('12');
  await expect(page.getByTestId('product-stock')).toHaveValue('2000000');
  await expect(page.getByTestId('shelf-product')).toHaveCount(0);
  // A success elsewhere (a comment) does not wipe the reason the product was not added.
  await page.getByTestId('studio-comment-input').fill('Welcome, everyone!');
  await page.getByTestId('studio-comment-send').click();
  await expect(page.getByTestId('studio-comment')).toContainText(['Welcome, everyone!']);
  await expect(page.getByTestId('studio-comment-input')).toHaveValue('');
  await expect(error).toBeVisible();

  // Corrected, it goes through: the error goes, the form empties, the product is on the shelf and stored.
  await page.getByTestId('product-stock').fill('20');
  await add.click();
  await expect(page.getByTestId('shelf-product')).toHaveCount(1);
  await expect(page.getByTestId('shelf-stock')).toHaveText('20 in stock');
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('product-title-en')).toHaveValue('');
  expect(await listedProducts(page)).toEqual(['Warehouse']);

  // The same, in Chinese.
  await chooseLanguage(page, 'zh-CN');
  await expect(page.getByTestId('add-product-reason')).toHaveText('请输入标题（英文或中文）后再添加商品。');
  await chooseLanguage(page, 'en');
});

test('while an add is on its way the button says so, and the product typed meanwhile is kept', async ({
  page,
  studio,
}) => {
  // The studio host's answer to the add (window.studio.room.hostAction: queued in the outbox) is held back
  // until the test lets it through, so the busy state is on screen for as long as the test looks at it (the
  // host still does the work and answers).
  let heldAck: string | null = null;
  let release: () => void = () => undefined;
  await page.routeWebSocket(/\/bridge$/, (ws) => {
    const server = ws.connectToServer();
    let addCall: number | null = null;
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as {
        t: string;
        id?: number;
        method?: string;
        args?: unknown[];
      };
      const action = (frame.args?.[0] as { action?: string } | undefined)?.action;
      if (frame.method === 'room.hostAction' && action === 'product.upsert' && addCall === null)
        addCall = frame.id!;
      server.send(message);
    });
    server.onMessage((message) => {
      const text = String(message);
      const frame = JSON.parse(text) as { t: string; id?: number };
      if (addCall !== null && frame.t === 'result' && frame.id === addCall && heldAck === null) {
        heldAck = text;
        release = () => ws.send(text);
        return;
      }
      ws.send(message);
    });
  });
  await page.goto(studio.url);
  await page.getByTestId('product-title-en').fill('Slow hat');
  await page.getByTestId('product-price').fill('3');
  await page.getByTestId('product-stock').fill('4');
  const add = page.getByTestId('add-product');
  await add.click();
  await expect.poll(() => heldAck !== null).toBe(true);

  await expect(add).toBeDisabled();
  await expect(page.getByTestId('add-product-reason')).toHaveText('Adding “Slow hat”…');
  // The host types the next product meanwhile; the form is the host's to type in.
  await page.getByTestId('product-title-en').fill('Next scarf');
  await page.getByTestId('product-price').fill('7');
  await page.getByTestId('product-stock').fill('8');
  await expect(add).toBeDisabled();

  release();
  await expect(page.getByTestId('shelf-product')).toHaveCount(1);
  await expect(add).toBeEnabled();
  // The first product's success did not wipe the second one.
  await expect(page.getByTestId('product-title-en')).toHaveValue('Next scarf');
  await expect(page.getByTestId('product-price')).toHaveValue('7');
  await expect(page.getByTestId('product-stock')).toHaveValue('8');
  await add.click();
  await expect(page.getByTestId('shelf-product')).toHaveCount(2);
  await expect(page.getByTestId('product-title-en')).toHaveValue('');
  expect(await listedProducts(page)).toEqual(['Next scarf', 'Slow hat']);
});
