// End-to-end for blueprints: upload an archive from a file through XMLHttpRequest with the
// progress bar and the manager's states, see the plan and topology, edit labels, delete;
// a broken archive dropped on the zone, and a server error on upload.
// usage: node tests/e2e/blueprints.mjs <base-url> <screenshot-dir>
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
async function step(name, fn, { fullPage = false } = {}) {
  n += 1;
  const file = `${shots}/bp-${String(n).padStart(2, '0')}-${name}.png`;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: file, fullPage }).catch(() => {});
}
const expectText = async (selector, re, timeout = 10000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

/** A ustar archive with `dir/<name>` for each file. */
function tar(dir, files) {
  const blocks = [];
  for (const [name, data] of files) {
    const h = Buffer.alloc(512);
    h.write(`${dir}/${name}`, 0);
    h.write('0000644\0', 100);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const yaml = Buffer.from('tosca_definitions_version: cloudify_dsl_1_5\nimports:\n  - cloudify/types/types.yaml\n');
// A few megabytes so the bar has bytes to count.
const archive = tar('shop', [['blueprint.yaml', yaml], ['aws.yaml', yaml], ['images/logo.bin', Buffer.alloc(3 * 1024 * 1024, 7)]]);
const id = 'e2e-shop';

await control('reset');

await step('sign-in-to-upload', async () => {
  await page.goto(`${base}/blueprints?upload=1`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/blueprints\?upload=1$/);
  await page.waitForSelector('.upload-panel .drop-zone');
});

await step('choose-archive', async () => {
  await page.setInputFiles('.upload-panel input[name=archive]', { name: 'shop.tar', mimeType: 'application/x-tar', buffer: archive });
  await expectText('.yaml-files', /blueprint\.yaml, aws\.yaml/);
  await page.fill('#bp-id', id);
  await page.fill('input[name=label-key]', 'team');
  await page.fill('input[name=label-value]', 'shop');
  await page.click('.label-add-button');
  await expectText('.upload-panel .labels', /team: shop/);
});

await step('upload-progress', async () => {
  await page.click('.upload-panel button[type=submit]');
  await expectText('.upload-progress', /3\.0 MB of 3\.0 MB sent \(100 %\)/, 20000);
  await page.waitForSelector('.upload-steps li.current, .upload-steps li.done');
});

await step('upload-states', async () => {
  await page.waitForSelector('.upload-steps li.current[data-step=parsing]', { timeout: 8000 });
  await expectText('.upload-panel .notice', new RegExp(`${id} is uploaded`), 8000);
});

await step('plan-and-topology', async () => {
  await page.click(`.upload-panel .notice a[href="/blueprints/${id}"]`);
  await page.waitForSelector('.topology svg g[data-node]');
  const nodes = await page.locator('.topology svg g[data-node]').count();
  if (nodes < 2) throw new Error(`expected at least 2 nodes, got ${nodes}`);
  await expectText('table.inputs', /instance_type/);
  await expectText('.labels-section', /team: shop/);
  await page.locator('.plan-topology').scrollIntoViewIfNeeded();
});

await step('labels-refused', async () => {
  await page.click('.edit-labels');
  await page.fill('.labels-section input[name=label-key]', 'no spaces please');
  await page.fill('.labels-section input[name=label-value]', 'x');
  await page.click('.labels-section .label-add-button');
  await expectText('.labels-section .label-error', /contains illegal characters/);
});

await step('labels-saved', async () => {
  await page.fill('.labels-section input[name=label-key]', 'env');
  await page.fill('.labels-section input[name=label-value]', 'prod');
  await page.click('.labels-section .label-add-button');
  await page.click('.save-labels');
  // Saved: the editor closes and the chips are the manager's answer.
  await page.waitForSelector('.labels-section .edit-labels');
  await expectText('.labels-section .labels', /env: prod/);
  await expectText('.labels-section .labels', /team: shop/);
});

await step('delete', async () => {
  await page.click('.actions-bar .button.danger');
  await page.waitForSelector('dialog[open]');
  await page.fill('dialog[open] input:not([type=checkbox])', id);
  await page.click('dialog[open] button[type=submit]');
  await page.waitForURL(/\/blueprints$/);
  await page.waitForSelector('table.list tbody tr');
  if (await page.locator(`table.list a[href="/blueprints/${id}"]`).count()) throw new Error('still listed');
});

await step('broken-archive-dropped', async () => {
  await page.goto(`${base}/blueprints?upload=1`);
  await page.waitForSelector('.upload-panel .drop-zone');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['this is no archive'], 'broken.zip'));
    document.querySelector('.upload-panel .drop-zone')
      .dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expectText('.upload-panel', /not a zip, tar/);
  await page.click('.upload-panel button[type=submit]');
  await expectText('.upload-failed', /failed_extracting/, 10000);
});

await step('server-error', async () => {
  await page.goto(`${base}/blueprints?upload=1`);
  await page.waitForSelector('.upload-panel input[name=archive]');
  await page.setInputFiles('.upload-panel input[name=archive]', { name: 'again.tar', mimeType: 'application/x-tar', buffer: tar('again', [['blueprint.yaml', yaml]]) });
  await expectText('.yaml-files', /blueprint\.yaml/);
  await control('fault', { path_prefix: '/blueprints', status: 500, code: 'internal_server_error',
                           message: 'Internal error occurred in manager REST server - demo fault', remaining: 1 });
  await page.click('.upload-panel button[type=submit]');
  await expectText('.upload-panel .error', /internal_server_error/);
  if ((await page.inputValue('#bp-id')) !== 'again') throw new Error('the id was lost');
});

await browser.close();
const unexpected = consoleErrors.filter((e) => !/status of (4|5)\d\d/.test(e));
if (unexpected.length) {
  console.log(`console errors:\n  ${unexpected.join('\n  ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || unexpected.length ? 1 : 0);
