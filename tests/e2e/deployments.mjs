// End-to-end: operating deployments in the release console against the demo manager on one
// origin: deploy a blueprint with inputs (and a 400 on an input), install, run a workflow with
// parameters, update with preview, edit labels, delete with the typed id; then an error of
// each kind from the server. Saves a screenshot per step.
// usage: node tests/e2e/deployments.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2];
const shots = `${process.argv[3] ?? 'target/e2e'}/deployments`;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(10000);
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
const expectText = async (selector, re, timeout = 10000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const fault = (f) => control('fault', { remaining: 1, ...f });
const field = (name) => `[data-input="${name}"] input`;
const dep = 'e2e-web';

await control('reset');

await step('sign-in', async () => {
  await page.goto(`${base}/login?next=%2Fdeployments%2Fnew%3Fblueprint_id%3Dweb-app`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/deployments\/new\?blueprint_id=web-app$/);
  await page.waitForSelector(field('region'));
});

await step('create-refused-by-the-form', async () => {
  await page.fill('input[name=deployment_id]', dep);
  await page.fill(field('port'), 'eighty');
  await page.click('form.deployment-create button[type=submit]');
  await page.waitForSelector('[data-input="region"].field-invalid');
  await page.waitForSelector('[data-input="port"].field-invalid');
});

await step('create-400-on-an-input', async () => {
  await page.fill(field('region'), 'eu-west-1');
  await page.fill(field('port'), '8443');
  await fault({ path_prefix: `/deployments/${dep}`, method: 'PUT', status: 400,
                code: 'missing_required_deployment_input_error',
                message: 'Required input(s) port were not specified - expected inputs: [enable_backups, instance_type, port, region]' });
  await page.click('form.deployment-create button[type=submit]');
  await expectText('[data-input="port"] .field-error', /Required input/);
  if ((await page.inputValue(field('region'))) !== 'eu-west-1') throw new Error('the region typed was lost');
});

await step('create-and-install', async () => {
  await page.fill(field('port'), '8444');
  await page.fill('input[name=label-key]', 'team');
  await page.fill('input[name=label-value]', 'checkout');
  await page.click('.labels-editor button:has-text("Add label")');
  await page.click('form.deployment-create details.show-request summary');
  await expectText('form.deployment-create pre.cfy', /cfy deployments create e2e-web -b web-app/);
  await page.screenshot({ path: `${shots}/04a-create-form-filled.png`, fullPage: true });
  await page.click('form.deployment-create button[type=submit]');
  await page.waitForURL(new RegExp(`/deployments/${dep}\\?started=`));
  await expectText('.notice', /started/);
  await expectText('h1.title', /e2e-web/);
});

await step('run-workflow-with-parameters', async () => {
  await page.goto(`${base}/deployments/${dep}?do=run&workflow=scale`);
  await page.waitForSelector(`.panel ${field('scalable_entity_name')}`);
  await page.fill(`.panel ${field('scalable_entity_name')}`, 'app');
  await page.fill(`.panel ${field('delta')}`, '2');
  await page.check('.panel input[name=queue]');
  await page.check('.panel input[name=dry_run]');
  await page.click('.panel details.show-request summary');
  await expectText('.panel pre.cfy', /cfy executions start scale -d e2e-web -p delta=2 -p scalable_entity_name=app --dry-run --queue/);
  await page.screenshot({ path: `${shots}/05a-run-form.png`, fullPage: true });
  await page.click('.panel button[type=submit]');
  await page.waitForURL(/started=/);
  await expectText('.notice', /started/);
});

await step('run-workflow-500', async () => {
  await page.goto(`${base}/deployments/${dep}?do=run&workflow=uninstall`);
  await page.waitForSelector('.panel button[type=submit]');
  await fault({ path_prefix: '/executions', method: 'POST', status: 500, code: 'internal_server_error',
                message: 'Internal error occurred in manager REST server - demo fault' });
  await page.click('.panel button[type=submit]');
  await expectText('.panel .error', /internal_server_error/);
});

await step('update-preview', async () => {
  await page.goto(`${base}/deployments/${dep}?do=update`);
  await page.waitForFunction((s) => document.querySelector(s)?.value === '8444', `.panel ${field('port')}`);
  if (!(await page.isDisabled('.panel button.apply'))) throw new Error('apply before preview');
  await page.fill(`.panel ${field('port')}`, '9443');
  await page.click('.panel button[type=submit]');
  await page.waitForSelector('.update-preview tr.diff-changed');
  await expectText('.update-preview .steps', /nodes:app:properties:port/);
  await page.locator('.update-preview').scrollIntoViewIfNeeded();
});

await step('update-apply', async () => {
  await page.click('.panel button.apply');
  await page.waitForURL(/started=/);
  await page.waitForSelector('#inputs');
  await expectText('#inputs', /9443/);
  await expectText('#updates', /successful|executing workflow|updating|finalizing/);
});

await step('labels-edit', async () => {
  await page.fill('#labels input[name=label-key]', 'csys-bad');
  await page.fill('#labels input[name=label-value]', 'x');
  await page.click('#labels .labels-editor button:has-text("Add label")');
  await expectText('#labels .field-error', /reserved/);
  await page.fill('#labels input[name=label-key]', 'owner');
  await page.fill('#labels input[name=label-value]', 'sre');
  await page.click('#labels .labels-editor button:has-text("Add label")');
  await page.click('#labels button.save-labels');
  await page.waitForSelector('#labels button.save-labels[disabled]');
  const keys = await page.locator('#labels .chip-key').allTextContents();
  if (JSON.stringify(keys) !== JSON.stringify([...keys].sort())) throw new Error(`chips not by key: ${keys}`);
  await page.locator('#labels').scrollIntoViewIfNeeded();
});

await step('labels-403', async () => {
  await page.fill('#labels input[name=label-key]', 'tier');
  await page.fill('#labels input[name=label-value]', 'gold');
  await page.click('#labels .labels-editor button:has-text("Add label")');
  await fault({ path_prefix: `/deployments/${dep}`, method: 'PATCH', status: 403, code: 'forbidden_error',
                message: 'User `admin` is not permitted to perform the action deployment_update in the tenant `default_tenant`' });
  await page.click('#labels button.save-labels');
  await expectText('.error', /forbidden_error/);
  await page.locator('.error').first().scrollIntoViewIfNeeded();
});

await step('nodes-and-instances', async () => {
  await page.goto(`${base}/deployments/${dep}?node=app`);
  await page.waitForSelector('.card.instance');
  await page.locator('#nodes').scrollIntoViewIfNeeded();
});

// An error of each kind on the deployment page itself: the message, code and status shown.
for (const [status, code, message] of [
  [404, 'not_found_error', 'Requested `Deployment` with ID `e2e-web` was not found'],
  [409, 'conflict_error', 'deployment update conflict (demo fault)'],
  [429, 'too_many_requests', 'Too many requests (demo fault)'],
  [503, 'maintenance_mode_active', 'Your request was rejected since Cloudify manager is currently in maintenance mode'],
]) {
  await step(`page-error-${status}`, async () => {
    // Leave the page first: its live poll of the deployment (while an execution runs) would
    // take the one-time fault meant for the page's own first request.
    await page.goto('about:blank');
    // A poll the old page sent just before leaving may still reach the server: let it land
    // before the fault is set, or it takes the fault.
    await page.waitForTimeout(500);
    await fault({ path_prefix: `/deployments/${dep}`, method: 'GET', status, code, message, retry_after: 30 });
    await page.goto(`${base}/deployments/${dep}`);
    await expectText('.error', new RegExp(code));
    await expectText('.error', new RegExp(`HTTP ${status}`));
    await page.click('.error button:has-text("Retry")');
    await page.waitForSelector('h1.title');
  });
}

await step('delete-needs-the-id', async () => {
  await page.goto(`${base}/deployments/${dep}?do=delete`);
  await page.waitForSelector('dialog.confirm[open] input[name=confirm-id]');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'e2e-we');
  if (!(await page.isDisabled('dialog.confirm[open] button[type=submit]'))) throw new Error('armed by a near miss');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', dep);
  await page.check('dialog.confirm[open] input[name=force]');
});

await step('delete-409-then-deleted', async () => {
  await fault({ path_prefix: `/deployments/${dep}`, method: 'DELETE', status: 409, code: 'dependent_exists_error',
                message: `Can't delete deployment ${dep} - the following deployments depend on it: demo` });
  await page.click('dialog.confirm[open] button[type=submit]');
  await expectText('.toast, [role=alert]', /dependent_exists_error/);
  await page.waitForSelector('dialog.confirm[open]');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', dep);
  await page.click('dialog.confirm[open] button[type=submit]');
  await page.waitForURL(/\/deployments$/);
});

await step('session-expired-401', async () => {
  await fault({ path_prefix: '/blueprints', status: 401, code: 'unauthorized_error',
                message: 'User unauthorized: Authentication failed: invalid or expired token' });
  await page.goto(`${base}/deployments/new?blueprint_id=web-app`);
  await page.waitForURL(/\/login\?next=/);
});

console.log(`${passed} passed, ${failed} failed`);
if (consoleErrors.length) console.log('page errors:', consoleErrors.join('\n'));
await browser.close();
process.exit(failed || consoleErrors.length ? 1 : 0);
