// End-to-end for the administration areas of the release console: a secret created and
// revealed (and hidden again), a plugin uploaded, a user and a tenant created and the user
// added to it, a site drawn on the map and clicked through, a snapshot created, its restore dialog, and restored (followed to its end), maintenance mode entered from the
// system page with its banner on every page, then left. Saves a screenshot per step.
// usage: node tests/e2e/administration.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/e2e';
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
page.setDefaultTimeout(10000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: `${shots}/admin-${String(n).padStart(2, '0')}-${name}.png` }).catch(() => {});
}
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const form = 'form[aria-label="New secret"]';
const row = (key) => page.locator('table.list tbody tr', { has: page.locator('.name', { hasText: key }) });

await control('reset');

await step('sign-in-lands-home', async () => {
  await page.goto(`${base}/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("What needs attention")');
  await page.waitForSelector('section.card[aria-label="Maintenance mode"] .fine');
});

await step('secret-created', async () => {
  await page.click('nav.main-nav a[href="/secrets"]');
  await page.click('button:has-text("New secret")');
  await page.fill(`${form} input[name=key]`, 'e2e-db-password');
  await page.fill(`${form} textarea[name=value]`, 'correct horse battery staple');
  await page.click(`${form} button[type=submit]`);
  await row('e2e-db-password').waitFor();
  if ((await row('e2e-db-password').textContent()).includes('battery')) throw new Error('a value is listed');
});

await step('secret-revealed', async () => {
  await row('e2e-db-password').locator('button:has-text("Reveal")').click();
  await row('e2e-db-password').locator('code.secret-value', { hasText: 'correct horse battery staple' }).waitFor();
});

await step('secret-hidden-again', async () => {
  await row('e2e-db-password').locator('button:has-text("Hide")').click();
  await row('e2e-db-password').locator('button:has-text("Reveal")').waitFor();
});

await step('plugin-uploaded', async () => {
  await page.click('nav.main-nav a[href="/plugins"]');
  await page.click('button:has-text("Upload a plugin")');
  const upload = 'form[aria-label="Upload a plugin"]';
  await page.setInputFiles(`${upload} input[name=wagon_file]`, {
    name: 'e2e_probe_plugin-1.2.3-py311-none-linux_x86_64.wgn', mimeType: 'application/octet-stream', buffer: Buffer.alloc(300000, 7),
  });
  await page.setInputFiles(`${upload} input[name=yaml_file]`, {
    name: 'plugin.yaml', mimeType: 'application/x-yaml', buffer: Buffer.from('plugins:\n  probe:\n    executor: central_deployment_agent\n'),
  });
  await page.waitForFunction((f) => document.querySelectorAll(`${f} .chosen`).length === 2, upload);
  await page.click(`${upload} button[type=submit]`);
  await page.locator('table.list tbody tr', { hasText: 'e2e-probe-plugin' }).waitFor();
});

await step('site-on-the-map', async () => {
  await page.goto(`${base}/sites`);
  await page.click('button:has-text("New site")');
  await page.fill('form[aria-label="New site"] input[name=name]', 'e2e-lab');
  await page.fill('form[aria-label="New site"] input[name=location]', '64.15, -21.94');
  await page.click('form[aria-label="New site"] button[type=submit]');
  // Visible: drawn with a box, which a dot wrapped in an HTML link inside the SVG never was.
  const dot = page.locator('.world-map circle[data-href="/deployments?site_name=e2e-lab"]');
  await dot.waitFor({ state: 'visible' });
  await dot.hover();
  await page.locator('.map-caption', { hasText: 'e2e-lab: no deployments' }).waitFor();
  await dot.click();
  await page.waitForURL(`${base}/deployments?site_name=e2e-lab`);
});

await step('user-and-tenant', async () => {
  await page.goto(`${base}/users`);
  await page.click('button:has-text("New user")');
  await page.fill('form[aria-label="New user"] input[name=username]', 'e2e-operator');
  await page.fill('form[aria-label="New user"] input[name=password]', 'long enough');
  await page.click('form[aria-label="New user"] button[type=submit]');
  await page.locator('table.list tbody tr', { hasText: 'e2e-operator' }).waitFor();
  await page.goto(`${base}/tenants`);
  await page.click('button:has-text("New tenant")');
  await page.fill('form[aria-label="New tenant"] input[name=name]', 'e2e-team');
  await page.click('form[aria-label="New tenant"] button[type=submit]');
  await page.click('a[href="/tenants/e2e-team"]');
  await page.fill('form[aria-label="Add a user"] input[name=username]', 'e2e-operator');
  await page.selectOption('form[aria-label="Add a user"] select', 'operations');
  await page.click('form[aria-label="Add a user"] button[type=submit]');
  await page.locator('section[aria-label=Members] tbody tr', { hasText: 'e2e-operator' }).waitFor();
});

await step('snapshot-created-restore-asks', async () => {
  await page.goto(`${base}/snapshots`);
  await page.click('button:has-text("Create a snapshot")');
  await page.fill('form[aria-label="Create a snapshot"] input[name=id]', 'e2e-before-upgrade');
  await page.click('form[aria-label="Create a snapshot"] button[type=submit]');
  const row = page.locator('table.list tbody tr', { hasText: 'e2e-before-upgrade' });
  // The row's own button (its confirm dialog, inside the row, has a "Restore" button too).
  await row.locator('.row-actions button:has-text("Restore"):not([disabled])').waitFor({ timeout: 20000 });
  await row.locator('.row-actions button:has-text("Restore")').click();
  await page.waitForSelector('dialog.confirm[open]');
  if (!(await page.locator('dialog.confirm[open] button[type=submit]').isDisabled())) throw new Error('restore did not wait for the id');
});

await step('snapshot-restore-cancelled', async () => {
  await page.click('dialog.confirm[open] button.cancel');
});

await step('snapshot-restored', async () => {
  const row = page.locator('table.list tbody tr', { hasText: 'e2e-before-upgrade' });
  await row.locator('.row-actions button:has-text("Restore")').click();
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'e2e-before-upgrade');
  // The demo manager holds deployments: restoring over them needs force, as a real one does.
  await page.check('dialog.confirm[open] input[name=force]');
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.locator('.toast', { hasText: 'Restoring e2e-before-upgrade' }).waitFor();
  await page.locator('.maintenance-banner', { hasText: 'Restore running' }).waitFor();
  // Followed to its end: the banner goes when the restore execution ends.
  await page.locator('.maintenance-banner', { hasText: 'Restore running' }).waitFor({ state: 'detached', timeout: 20000 });
});

await step('maintenance-on', async () => {
  await page.click('nav.main-nav a[href="/system"]');
  await page.click('button:has-text("Activate maintenance mode")');
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.waitForSelector('.maintenance-banner');
});

for (const [name, path] of [['deployments', '/deployments'], ['blueprints', '/blueprints'], ['home', '/']]) {
  await step(`maintenance-banner-on-${name}`, async () => {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('.maintenance-banner');
    if (path !== '/') await page.waitForSelector('.error:has-text("maintenance mode; try again when it ends")');
  });
}

await step('maintenance-off', async () => {
  await page.goto(`${base}/system`);
  await page.click('button:has-text("Deactivate maintenance mode")');
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.waitForSelector('.maintenance-banner', { state: 'detached' });
  await page.goto(`${base}/deployments`);
  await page.waitForSelector('table.list tbody tr');
  if (await page.locator('.maintenance-banner').count()) throw new Error('the banner stayed');
});

if (errors.length) {
  console.log(`FAIL page errors: ${errors.join(' | ')}`);
  failed += 1;
}
console.log(`\nadministration: ${passed} passed, ${failed} failed; screenshots in ${shots}`);
await browser.close();
process.exit(failed ? 1 : 0);
