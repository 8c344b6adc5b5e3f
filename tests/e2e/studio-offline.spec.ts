// The studio cut off from its backend (a TCP proxy between them drops the link; the viewer reaches the
// backend directly): a product added, a refund and a mute made meanwhile are marked queued beside what they
// act on, and land once the link heals, as the host and the viewer notice. That each survives a 30 s cut
// and is applied exactly once is tests/integration/host-actions.test.ts; this is what the host sees.
import { startServer, startStudio, type Launched } from '../support/processes';
import { testToken } from '../support/room-clients';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { expect, test, addProduct, showTab } from './fixtures';

const CUT_MS = Number(process.env.STUDIO_CUT_MS ?? 5000);

test('changes made while the studio is cut off show as queued, and land when the link heals', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const launched: Launched[] = [];
  let proxy: TcpProxy | null = null;
  try {
    const server = await startServer();
    launched.push(server);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    const studio = await startStudio(['--server', proxy.url, '--host-token', testToken('host')]);
    launched.push(studio);

    await page.goto(studio.url);
    await addProduct(page, 'Hat', '5', '5');
    await expect(page.getByTestId('shelf-product')).toHaveCount(1);
    await page.getByTestId('pin-product').click();
    await expect(page.getByTestId('unpin-product')).toBeVisible();
    // The viewer opens the room's link on the backend itself, so the cut is the studio's alone.
    const link = new URL((await page.getByTestId('viewer-url').textContent())!);
    const viewer = await (await browser.newContext()).newPage();
    await viewer.goto(`${server.url}${link.pathname}${link.search}`);
    await viewer.getByTestId('buy').click();
    await viewer.getByTestId('pay').click();
    await expect(viewer.getByTestId('order-paid')).toBeVisible();
    await viewer.getByTestId('viewer-comment-input').fill('first!');
    await viewer.getByTestId('viewer-comment-send').click();
    const comment = page.getByTestId('studio-comment').filter({ hasText: 'first!' });
    await expect(comment).toBeVisible();
    await showTab(page, 'orders');
    const order = page.getByTestId('order');
    await expect(order).toHaveAttribute('data-status', 'paid');

    await proxy.cut();
    await expect(page.getByTestId('backend-state')).not.toHaveAttribute('data-state', 'connected');
    await addProduct(page, 'Scarf', '25', '7');
    await order.getByTestId('refund-order').click();
    await comment.getByTestId('mute-author').click();
    // Each change is marked queued beside what it acts on, and the studio counts them.
    const pendingScarf = page.getByTestId('pending-product').filter({ hasText: 'Scarf' });
    await expect(pendingScarf.getByTestId('pending-action')).toHaveAttribute('data-state', 'queued');
    await expect(pendingScarf).toContainText('New product: queued, sent when the backend is reachable');
    await expect(order.getByTestId('pending-action')).toHaveText(
      'Refund: queued, sent when the backend is reachable',
    );
    await expect(order.getByTestId('refund-order')).toHaveCount(0); // not asked for twice
    await expect(comment.getByTestId('pending-action')).toHaveText(
      'Mute: queued, sent when the backend is reachable',
    );
    await expect(page.getByTestId('outbox-status')).toHaveAttribute('data-queued', '3');
    await expect(page.getByTestId('product-title-en')).toHaveValue(''); // the form is free for the next one
    await page.waitForTimeout(CUT_MS);
    await expect(order).toHaveAttribute('data-status', 'paid');

    await proxy.restore();
    await expect(page.getByTestId('outbox-status')).toHaveAttribute('data-queued', '0', { timeout: 20_000 });
    await expect(page.getByTestId('shelf-product').filter({ hasText: 'Scarf' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(page.getByTestId('pending-product')).toHaveCount(0);
    await expect(order).toHaveAttribute('data-status', 'refunded', { timeout: 15_000 });
    await expect(page.getByTestId('pending-action')).toHaveCount(0);
    // The muted viewer's next comment is refused, and says why.
    await viewer.getByTestId('viewer-comment-input').fill('let me talk');
    await viewer.getByTestId('viewer-comment-send').click();
    await expect(viewer.getByRole('alert')).toContainText('You are muted in this room');
    await viewer.context().close();
  } finally {
    await proxy?.close();
    for (const p of launched.reverse()) await p.stop();
  }
});
