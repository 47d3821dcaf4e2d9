// End-to-end: the Lyve Cloud and SailPoint pages of the release console against the demo
// managers the demo server answers under /__demo/<provider>: per provider one create, one change
// and one delete, the secret shown once, the usage charts, the JSON Patch of an edit. Screenshot
// per step.
// usage: node tests/e2e/clouds-lyve-sailpoint.mjs <base-url> <screenshot-dir>
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
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(10000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/clouds-ls-${String(n).padStart(2, '0')}-${name}.png`;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
}
// The id of this tab's connection of a kind (connections live in the tab's session storage).
const connection = (kind) => page.evaluate((k) => {
  const all = JSON.parse(sessionStorage.getItem('baton.connections') ?? '[]');
  return all.find((c) => c.kind === k)?.id;
}, kind);
const row = (table, text) => page.locator(`table.${table} tbody tr`, { hasText: text });

await fetch(`${base}/__baton/reset`, { method: 'POST', body: '{}' });
let lyve, sailpoint;

await step('connect-the-demos', async () => {
  await page.goto(`${base}/clusters`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Clusters")');
  await page.click('button:has-text("Connect the four demos")');
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 4);
  lyve = await connection('Lyve');
  sailpoint = await connection('SailPoint');
  if (!lyve || !sailpoint) throw new Error('no Lyve or SailPoint connection');
});

await step('lyve-permissions', async () => {
  await page.goto(`${base}/lyve/${lyve}`);
  await row('lyve-permissions', 'Audit readers').waitFor();
  const text = await row('lyve-permissions', 'Audit readers').textContent();
  if (!text.includes('read-only on buckets starting with audit-')) throw new Error(`scope not said: ${text}`);
  if (!(await row('lyve-permissions', 'Web assets publish').textContent()).includes('Not ready yet')) throw new Error('readyState not shown');
});

await step('lyve-create-a-permission', async () => {
  await page.click('a:has-text("New permission")');
  await page.waitForURL(/edit=new/);
  await page.selectOption('select[name=type]', 'bucket-prefix');
  await page.waitForSelector('input[name=prefix]');
  if (await page.$('textarea[name=buckets]')) throw new Error('a bucket-names field under bucket-prefix');
  await page.fill('input[name=name]', 'E2E prefix readers');
  await page.fill('input[name=prefix]', 'e2e-');
  await page.selectOption('select[name=actions]', 'read-only');
  await page.click('form.lyve-form button[type=submit]');
  await row('lyve-permissions', 'E2E prefix readers').waitFor();
  const text = await row('lyve-permissions', 'E2E prefix readers').textContent();
  if (!text.includes('starting with e2e-')) throw new Error(text);
});

await step('lyve-change-enable-an-account', async () => {
  await page.click('a.lyve-tab:has-text("Service accounts")');
  await row('lyve-accounts', 'audit-export').waitFor();
  // Disabled in a fresh demo; either way it flips.
  const was = (await row('lyve-accounts', 'audit-export').textContent()).includes('Disabled') ? 'Disabled' : 'Enabled';
  const [verb, now, next] = was === 'Disabled' ? ['Enable', 'Enabled', 'Disable'] : ['Disable', 'Disabled', 'Enable'];
  await page.click(`button[aria-label="${verb} audit-export"]`);
  await page.waitForSelector(`button[aria-label="${next} audit-export"]`);
  if (!(await row('lyve-accounts', 'audit-export').textContent()).includes(now)) throw new Error(`not ${now}`);
});

await step('lyve-delete-an-account', async () => {
  await row('lyve-accounts', 'legacy-sync').locator('button.small.danger').click();
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'legacy-sync');
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.waitForFunction(() => ![...document.querySelectorAll('table.lyve-accounts tbody tr')].some((r) => r.textContent.includes('legacy-sync')));
});

let secret;
await step('lyve-wizard-shows-the-secret-once', async () => {
  await page.click('a:has-text("New service account")');
  await page.fill('.lyve-wizard input[name=name]', `e2e-uploader-${Date.now() % 100000}`);
  await page.click('.lyve-wizard button[type=submit]');
  await page.check('.lyve-wizard input[name=permission][value="perm-0001"]');
  await page.click('.lyve-wizard button[type=submit]');
  await page.waitForURL(/new=review/);
  await page.click('.lyve-wizard button[type=submit]');
  secret = (await page.textContent('.lyve-secret')).trim();
  if (!secret) throw new Error('no secret shown');
  if (!(await page.textContent('.lyve-warning')).includes('will not be shown again')) throw new Error('no warning');
  if (page.url().includes(secret)) throw new Error('the secret is in the URL');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  if (stored.includes(secret)) throw new Error('the secret is in storage');
});

await step('lyve-secret-gone-after-reload', async () => {
  await page.reload();
  await page.waitForSelector('.lyve-keys:has-text("shown once")');
  if ((await page.content()).includes(secret)) throw new Error('the secret came back');
});

await step('lyve-usage-charts', async () => {
  await page.goto(`${base}/lyve/${lyve}/usage`);
  await page.waitForSelector('svg.chart-columns');
  const bars = await page.$$eval('.lyve-charts figure:first-of-type rect.chart-bar', (r) => r.length);
  if (bars !== 5) throw new Error(`${bars} bucket bars, not 5`);
  await page.fill('input[name=from]', '2026-01');
  await page.fill('input[name=to]', '2026-11');
  await page.click('.lyve-range button[type=submit]');
  await page.waitForURL(/from=2026-01/);
  await page.waitForSelector('.lyve-range-error:has-text("at most 6 months")');
});

await step('sailpoint-filter-by-status', async () => {
  await page.goto(`${base}/sailpoint/${sailpoint}`);
  await row('sailpoint-clusters', 'EU VA cluster').waitFor();
  await page.selectOption('select[name=status]', 'NORMAL');
  await page.waitForURL(/status=NORMAL/);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table.sailpoint-clusters tbody tr')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes('Normal'));
  });
});

await step('sailpoint-create', async () => {
  await page.click('a:has-text("New managed cluster")');
  await page.fill('form.sailpoint-form input[name=name]', 'E2E cluster with a rather long name for the page header');
  await page.selectOption('form.sailpoint-form select[name=type]', 'standard');
  await page.fill('form.sailpoint-form textarea[name=description]', 'Made by the end-to-end test');
  await page.click('button:has-text("Add a key")');
  await page.fill('input[aria-label="Configuration key"]', 'clusterExternalId');
  await page.fill('input[aria-label="Configuration value"]', 'ext-e2e');
  await page.click('form.sailpoint-form button[type=submit]');
  await page.waitForURL(/\/clusters\//);
  await page.waitForSelector('dl.sailpoint-facts:has-text("Made by the end-to-end test")');
});

await step('sailpoint-change-shows-the-patch', async () => {
  await page.click('a.button:has-text("Edit")');
  await page.fill('form.sailpoint-form textarea[name=description]', 'Changed by the end-to-end test');
  await page.check('input[name=show-patch]');
  await page.waitForURL(/patch=1/);
  const patch = JSON.parse(await page.textContent('pre.sailpoint-patch'));
  if (patch.length !== 1 || patch[0].path !== '/description' || patch[0].op !== 'replace') throw new Error(JSON.stringify(patch));
  await page.click('form.sailpoint-form button[type=submit]');
  await page.waitForSelector('dl.sailpoint-facts:has-text("Changed by the end-to-end test")');
});

await step('sailpoint-log-configuration', async () => {
  await page.waitForSelector('.sailpoint-no-log');
  await page.click('a:has-text("Set log levels")');
  await page.fill('input[name=durationMinutes]', '');
  const later = new Date(Date.now() + 25 * 3600 * 1000).toISOString().slice(0, 16);
  await page.fill('input[name=expiration]', later);
  await page.click('form.sailpoint-form button[type=submit]');
  await page.waitForSelector('#expiration-error:has-text("at most 24 hours")');
  await page.fill('input[name=expiration]', '');
  await page.fill('input[name=durationMinutes]', '60');
  await page.click('form.sailpoint-form button[type=submit]');
  await page.waitForSelector('dl.sailpoint-log:has-text("60 minutes")');
});

await step('sailpoint-delete', async () => {
  await page.click('.page-head button.danger:has-text("Delete")');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'E2E cluster with a rather long name for the page header');
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.waitForURL((u) => !u.pathname.includes('/clusters/'));
  await row('sailpoint-clusters', 'EU VA cluster').waitFor();
  if (await row('sailpoint-clusters', 'E2E cluster').count()) throw new Error('the cluster is still listed');
});

await browser.close();
const real = consoleErrors.filter((e) => !/status of (400|401|404|409)/.test(e));
if (real.length) { failed += 1; console.log(`FAIL console errors: ${real.join(' | ')}`); }
console.log(`e2e clouds (Lyve, SailPoint): ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
