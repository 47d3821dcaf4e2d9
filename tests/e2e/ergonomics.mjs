// End-to-end: the operator's comfort in the release console — the command palette, the
// shortcuts, list export (checked in the downloaded files), the dark theme on every page
// family, the 1024 px width, and an axe-core accessibility check of every page family.
// usage: node tests/e2e/ergonomics.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/e2e';
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(10000);
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/ergo-${String(n).padStart(2, '0')}-${name}.png`;
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
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const settled = () => page.waitForSelector('.list-body[aria-busy=false]');

// axe-core on what is on screen; serious and critical findings fail the step.
async function accessible(label) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      sample: v.nodes[0]?.target?.join(' ') ?? '' }));
  });
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of found) console.log(`     axe ${label}: ${v.impact} ${v.id} ×${v.nodes} (${v.sample})`);
  if (bad.length) throw new Error(`${label}: ${bad.map((v) => `${v.id} ×${v.nodes}`).join(', ')}`);
}

await control('reset');

await step('sign-in-accessible', async () => {
  await page.goto(`${base}/deployments?size=20`);
  await page.waitForSelector('input[name=username]');
  await accessible('sign-in');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForSelector('table.list tbody tr');
  await settled();
});

await step('copy-id', async () => {
  // The button beside a row's id puts the id itself on the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const row = page.locator('table.list tbody tr').first();
  const id = (await row.locator('.sub.mono bdi').textContent()).trim();
  await row.locator('button.copy-id').click();
  await page.waitForSelector('table.list tbody tr button.copy-id.done');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== id) throw new Error(`copied ${JSON.stringify(copied)}, the row's id is ${JSON.stringify(id)}`);
});

await step('palette', async () => {
  await page.keyboard.press('Control+k');
  await page.waitForSelector('dialog.palette[open]');
  await page.keyboard.type('web app');
  await page.waitForFunction(() => [...document.querySelectorAll('.palette-group')].some((g) => g.textContent === 'Deployments'));
  await page.keyboard.press('ArrowDown');
});

await step('palette-opens-deployment', async () => {
  // The first deployment entry of the manager's answer.
  const label = await page.evaluate(() => {
    const opts = [...document.querySelectorAll('.palette-option')];
    const i = opts.findIndex((o) => o.previousElementSibling?.textContent === 'Deployments');
    return opts[i].querySelector('.palette-label').textContent;
  });
  await page.locator('.palette-option', { hasText: label }).first().click();
  await page.waitForURL(new RegExp(`/deployments/${encodeURIComponent(label)}$`));
  await page.waitForSelector('h1');
  await accessible('deployment page');
});

await step('shortcuts-help', async () => {
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await page.waitForURL(/\/deployments$/);
  await settled();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  if (await page.locator('tr.kb-current').count() !== 1) throw new Error('no row marked by j');
  await page.keyboard.press('?');
  await page.waitForSelector('dialog.shortcuts[open]');
});

await step('export-page-csv', async () => {
  await page.keyboard.press('Escape');
  await page.goto(`${base}/deployments?size=20`);
  await settled();
  await page.click('details.export summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=This page as CSV')]);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\r\n');
  if (!/^deployments-.*\.csv$/.test(download.suggestedFilename())) throw new Error(`file ${download.suggestedFilename()}`);
  if (!lines[0].split(',').includes('id')) throw new Error(`header ${lines[0]}`);
  if (lines.length !== 21) throw new Error(`expected 20 rows and a header, got ${lines.length} lines`);
});

await step('export-every-page-json', async () => {
  await page.click('details.export summary');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.click('text=/all 480 matching as JSON Lines/'),
  ]);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  if (lines.length !== 480) throw new Error(`expected 480 deployments, got ${lines.length}`);
  const ids = new Set(lines.map((l) => JSON.parse(l).id));
  if (ids.size !== 480) throw new Error(`only ${ids.size} distinct ids`);
});

// Every page family (36), in the light theme at 1024 px and in the dark theme at 1366 px: each
// screenshot is kept (ergo-NN-light-<page>.png, ergo-NN-dark-<page>.png) and checked by axe.
// A detail page is reached from its list's first row, as an operator would.
const pages = [
  ['home', '/', 'section.card.attention .fine, section.card.attention .findings'],
  ['system', '/system', 'section.card dl.facts'],
  ['deployments', '/deployments', 'table.list tbody tr'],
  ['deployment', '/deployments', 'dl.facts', 'table.list tbody tr a.name'],
  ['new-deployment', '/deployments/new', 'h1'],
  ['blueprints', '/blueprints', 'table.list tbody tr'],
  ['blueprint', '/blueprints', 'dl.facts', 'table.list tbody tr a.name'],
  ['executions', '/executions', 'table.list tbody tr'],
  ['execution', '/executions', 'dl.facts', 'table.list tbody tr a.name'],
  ['events', '/events', '.log-view'],
  ['schedules', '/schedules', 'h1'],
  ['schedule-calendar', '/schedules/calendar', 'h1'],
  ['execution-groups', '/execution-groups', 'h1'],
  ['deployment-groups', '/deployment-groups', 'h1'],
  ['saved-filters', '/filters/deployments', 'h1'],
  ['clusters', '/clusters', 'h1'],
  ['tokens', '/tokens', 'h1'],
  ['secrets', '/secrets', 'h1'],
  ['secrets-providers', '/secrets/providers', 'table.list tbody tr'],
  ['plugins', '/plugins', 'h1'],
  ['plugin-updates', '/plugins/updates', 'h1'],
  ['snapshots', '/snapshots', 'h1'],
  ['sites', '/sites', '.world-map'],
  ['agents', '/agents', 'table.list tbody tr'],
  ['users', '/users', 'table.list tbody tr'],
  ['tenants', '/tenants', 'table.list tbody tr'],
  ['user-groups', '/user-groups', 'h1'],
  ['permissions', '/permissions', '.permission-matrix tbody tr'],
  ['metrics', '/metrics', 'figure.chart'],
  // The four cloud demos, connected below in this order: c1 Imply, c2 Lyve, c3 SailPoint, c4 CDM.
  ['imply', '/imply/c1', 'table.list tbody tr'],
  ['imply-cluster', '/imply/c1', '.page-head h1', 'table.list tbody tr a'],
  ['lyve', '/lyve/c2', 'table.list tbody tr'],
  ['lyve-usage', '/lyve/c2/usage', 'figure.chart'],
  ['sailpoint', '/sailpoint/c3', 'table.list tbody tr'],
  ['cdm', '/cdm/c4', 'table.list tbody tr'],
  ['cdm-cluster', '/cdm/c4', '.page-head h1', 'table.list tbody tr a'],
];
async function visit(path, ready, via) {
  await page.goto(`${base}${path}`);
  if (via) {
    await page.waitForSelector(via);
    await page.click(via);
  }
  await page.waitForSelector(ready);
  await page.waitForTimeout(300);
}
await step('connect-the-cloud-demos', async () => {
  await page.goto(`${base}/clusters`);
  await page.waitForSelector('h1:has-text("Clusters")');
  await page.evaluate(() => sessionStorage.removeItem('baton.connections'));
  await page.reload();
  await page.click('button:has-text("Connect the four demos")');
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 4);
});
for (const [theme, width] of [['light', 1024], ['dark', 1366]]) {
  await step(`${theme}-theme`, async () => {
    await page.setViewportSize({ width, height: 768 });
    await page.selectOption('select[aria-label=Theme]', theme === 'dark' ? 'dark' : 'light');
    const ink = await page.evaluate(() => getComputedStyle(document.body).color);
    const want = theme === 'dark' ? 'rgb(223, 230, 238)' : 'rgb(28, 36, 48)';
    if (ink !== want) throw new Error(`body ink ${ink}, expected ${want}`);
  });
  for (const [name, path, ready, via] of pages) {
    await step(`${theme}-${name}`, async () => {
      await visit(path, ready, via);
      if (width === 1024) {
        // Wide tables scroll inside themselves; the page itself never scrolls sideways.
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        if (sideways) throw new Error(`the ${name} page scrolls sideways at 1024 px`);
      }
      await accessible(`${name} (${theme}, ${width} px)`);
    });
  }
}
await page.selectOption('select[aria-label=Theme]', '');

if (consoleErrors.length) {
  console.log(`FAIL page errors: ${consoleErrors.join(' | ')}`);
  failed += 1;
}
console.log(`\nergonomics: ${passed} passed, ${failed} failed; screenshots in ${shots}`);
await browser.close();
process.exit(failed ? 1 : 0);
