// End-to-end: filters and bulk runs in the release console against the large demo data
// (10,000 deployments): filter down to one region and tier with the builder's text box (the
// preview confirmed by the manager), apply (the rules go to the URL), save the filter, select
// the page and dry-run install, then everything matching and run install for real at concurrency 5 and watch the
// execution group's board; resume the group. Saves a screenshot per step.
// usage: node tests/e2e/filters.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2];
const shots = `${process.argv[3] ?? 'target/e2e'}/filters`;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(15000);
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/${String(n).padStart(2, '0')}-${name}.png`;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: file, fullPage: false }).catch(() => {});
}
const expectText = async (selector, re, timeout = 15000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

await control('reset', { size: 'large' });

await step('sign-in', async () => {
  await page.goto(`${base}/login?next=%2Fdeployments`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForSelector('table.list tbody tr');
});

await step('builder-preview', async () => {
  await page.click('.filters-toggle');
  await page.fill('textarea[name=filter-text]', 'region=eu-west-1\ntier=data\nenv=dev');
  await page.waitForSelector('.filters-rule:nth-child(3)');
  await expectText('.filters-manager', /The manager counts \d+/);
});

await step('invalid-rule-message', async () => {
  await page.fill('textarea[name=filter-text]', 'region=eu-west-1\ntier');
  await expectText('.filters-error', /Line 2: The labels filter rule `tier` is not in the right format/);
  await page.fill('textarea[name=filter-text]', 'region=eu-west-1\ntier=data\nenv=dev');
  await expectText('.filters-manager', /The manager counts \d+/);
});

await step('apply-to-the-list', async () => {
  await page.click('.filters-actions button.primary');
  await page.waitForURL(/label_rule=region%3Deu-west-1/);
  await expectText('.chip.filter', /label rule/);
  await page.waitForSelector('table.list tbody tr');
});

await step('save-the-filter', async () => {
  await page.click('.filters-toggle');
  await page.click('.filters-toggle');
  await page.fill('input[name=filter-id]', 'eu-data-dev');
  await page.click('.filters-save button');
  await expectText('.toast', /Saved the filter/);
});

await step('make-a-group-of-everything-matching', async () => {
  await page.click('.filters-toggle');
  await page.check('table.list thead input[type=checkbox]');
  const all = page.locator('.selection-bar .select-all');
  if (await all.isVisible()) await all.click();
  await page.click('button.groups-group');
  await page.fill('dialog input[name=group_id]', 'eu-data-dev');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForURL(/\/deployment-groups\/eu-data-dev$/);
  await page.waitForSelector('.groups-members tbody tr');
  await page.waitForSelector('.groups-preview-ids li');
});

await step('dry-run-on-the-page', async () => {
  await page.goBack();
  await page.waitForSelector('table.list tbody tr');
  await page.check('table.list thead input[type=checkbox]');
  await page.click('button.groups-dry-run');
  await expectText('.groups-started', /execution\(s\) started/, 150000);
});

await step('run-install-at-concurrency-5-on-all-matching', async () => {
  await page.check('table.list thead input[type=checkbox]');
  const all = page.locator('.selection-bar .select-all');
  if (await all.isVisible()) await all.click();
  await page.click('button.groups-run');
  // The workflows every member has; install's parameters come up as fields.
  await page.selectOption('dialog select[name=workflow]', 'install');
  await page.waitForSelector('dialog .field[data-input=node_ids]');
  await page.fill('dialog input[name=concurrency]', '5');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForURL(/\/execution-groups\//);
  await page.waitForSelector('.groups-members tbody tr');
});

await step('watch-the-board', async () => {
  await expectText('.groups-facts', /install on deployment group batch-/);
  await page.waitForSelector('.groups-counts li');
  await page.waitForTimeout(3000);
});

await step('resume-the-group', async () => {
  await page.click('.groups-actions button:has-text("Resume")');
  await page.waitForSelector('.toast');
});

await step('execution-groups-list', async () => {
  await page.goto(`${base}/execution-groups`);
  await page.waitForSelector('table.list tbody tr');
});

await control('reset');
console.log(`${passed} passed, ${failed} failed`);
if (consoleErrors.length) console.log('page errors:', consoleErrors.join('\n'));
await browser.close();
process.exit(failed || consoleErrors.length ? 1 : 0);
