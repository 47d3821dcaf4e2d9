// Browser benchmark (a measurement, not a test): the release console against the demo manager
// (baton-demo-server), in headless Chromium. Cold runs in fresh browser contexts; prints
// medians and ranges, and the machine's load. Fails only if a step cannot run at all.
// usage: node tests/perf/bench.mjs <base-url> [runs]      (scripts/bench-browser.sh runs it)
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import os from 'node:os';

const base = process.argv[2];
const RUNS = Number(process.argv[3] ?? 5);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const wanted = (part) => only.length === 0 || only.includes(part);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--enable-precise-memory-info'],
});

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const loadAtStart = load();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (xs, unit = 'ms', digits = 0) => {
  if (!xs.length) return 'n/a';
  const f = (x) => x.toFixed(digits);
  return `median ${f(median(xs))} ${unit} (range ${f(Math.min(...xs))}–${f(Math.max(...xs))}, n=${xs.length})`;
};
const MiB = (b) => b / 1048576;
const results = [];
const report = (name, xs, unit, digits) => { const line = `${name}: ${fmt(xs, unit, digits)}`; results.push(line); console.log(line); };
const note = (line) => { results.push(line); console.log(line); };

const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const auth = { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64'), Tenant: 'default_tenant' };
async function api(method, path, body) {
  const r = await fetch(`${base}/api/v3.1${path}`, {
    method, headers: { ...auth, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
async function install(nth, parameters) {
  const deps = await api('GET', `/deployments?_include=id&_size=1&_offset=${nth}`);
  const e = await api('POST', '/executions', {
    deployment_id: deps.items[0].id, workflow_id: 'install', parameters,
    allow_custom_parameters: 'true', force: 'true', dry_run: 'false', queue: 'false',
  });
  return e.id;
}

// A fresh context (empty cache and storage) with the wasm exports kept (for its memory),
// long tasks recorded from the start, and console errors collected.
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; });
    window.__long = [];
    new PerformanceObserver((l) => { for (const t of l.getEntries()) window.__long.push({ at: t.startTime, d: t.duration }); })
      .observe({ type: 'longtask', buffered: true });
  });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { context, page, cdp, errors };
}
const heapMiB = async (cdp) => MiB((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value);
const wasmMiB = (page) => page.evaluate(() => (window.__wasm?.memory?.buffer?.byteLength ?? -1) / 1048576);
const domNodes = (page) => page.evaluate(() => document.getElementsByTagName('*').length);
const longestSince = (page, t0) => page.evaluate((t0) => Math.max(0, ...window.__long.filter((l) => l.at + l.d >= t0).map((l) => l.d)), t0);
const taskMs = async (cdp) => 1000 * (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;

const gzCache = new Map();
async function gzipBytesOf(url) {
  if (!gzCache.has(url)) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    gzCache.set(url, { raw: body.length, gz: gzipSync(body, { level: 9 }).length });
  }
  return gzCache.get(url);
}

async function signIn(page) {
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/deployments/);
}

console.log(`Baton browser benchmark · ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · load average ${loadAtStart} · Chromium ${browser.version()}`);

// 1 + 2. Cold: navigation → sign-in form usable; sign-in → first deployment rows.
if (wanted('start')) try {
  await control('reset');
  const formMs = [], bytes = [], gzBytes = [], heapForm = [], wasmForm = [], rowsMs = [], heapRows = [], domRows = [], longStart = [];
  let probeErrors = [];
  for (let run = 0; run < RUNS; run += 1) {
    const { context, page, cdp, errors } = await freshPage();
    await page.goto(`${base}/login`, { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const u = document.querySelector('input[name=username]');
      const b = document.querySelector('button[type=submit]');
      return u && b && !u.disabled && !b.disabled && u.offsetParent !== null;
    }, null, { polling: 'raf' });
    formMs.push(await page.evaluate(() => performance.now()));
    longStart.push(await longestSince(page, 0));
    const urls = await page.evaluate(() => [location.href, ...performance.getEntriesByType('resource').map((r) => r.name)]);
    const transferred = await page.evaluate(() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
      .reduce((s, r) => s + (r.encodedBodySize || 0), 0));
    let gz = 0;
    for (const u of urls.filter((u) => !u.includes('/api/'))) gz += (await gzipBytesOf(u)).gz;
    bytes.push(transferred / 1024);
    gzBytes.push(gz / 1024);
    heapForm.push(await heapMiB(cdp));
    wasmForm.push(await wasmMiB(page));
    // Let the page settle (any probe answered), then look at the console.
    await page.waitForTimeout(300);
    probeErrors = probeErrors.concat(errors);

    // Typed as an operator types (80 ms a key, under a second in all): the console fetches the
    // landing page's part meanwhile.
    await page.type('input[name=username]', 'admin', { delay: 80 });
    await page.type('input[name=password]', 'admin', { delay: 80 });
    const t = await page.evaluate(() => { const t = performance.now(); document.querySelector('button[type=submit]').click(); return t; });
    await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr:not(.spacer)').length > 0
      && document.querySelector('.list-body[aria-busy=false]'), null, { polling: 'raf' });
    rowsMs.push(await page.evaluate((t) => performance.now() - t, t));
    heapRows.push(await heapMiB(cdp));
    domRows.push(await domNodes(page));
    await context.close();
  }
  report('navigation → sign-in form usable', formMs);
  report('  bytes loaded by then (encoded as served)', bytes, 'KiB');
  report('  the same files gzip -9', gzBytes, 'KiB');
  report('  longest main-thread task up to then', longStart);
  report('  JS heap there', heapForm, 'MiB', 1);
  report('  WebAssembly memory there', wasmForm, 'MiB', 1);
  report('sign-in click → first deployment rows (credentials typed at 80 ms a key)', rowsMs);
  report('  JS heap there', heapRows, 'MiB', 1);
  report('  DOM nodes there', domRows, '', 0);
  note(`console errors on the sign-in page (the /version probe and others): ${probeErrors.length ? probeErrors.slice(0, 3).join(' | ') : 'none'}`);
} catch (e) { note(`start: could not finish: ${e.message.split('\n')[0]}`); }

// 3. The deployments list of the large data set (10,000 deployments), page size 1,000.
if (wanted('list')) try {
  await control('reset', { size: 'large' });
  const paint = [], afterData = [], serverMs = [], longest = [], dom = [], frameMedian = [], frameMax = [], over50 = [];
  for (let run = 0; run < Math.min(RUNS, 3); run += 1) {
    const { context, page, cdp } = await freshPage();
    await page.goto(`${base}/login`);
    await signIn(page);
    await page.waitForSelector('.list-body[aria-busy=false] table.list tbody tr');
    const t = await page.evaluate(() => {
      const s = document.querySelector('.pager select');
      s.value = '1000';
      const t = performance.now();
      s.dispatchEvent(new Event('change', { bubbles: true }));
      return t;
    });
    await page.waitForFunction(() => /1–1,?000 of/.test(document.querySelector('.pager .range')?.textContent ?? '')
      && document.querySelector('.list-body[aria-busy=false]'), null, { polling: 'raf' });
    // Painted: the frame after the rows are in the DOM.
    const painted = await page.evaluate((t) => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - t), 0))), t);
    paint.push(painted);
    // When the 1,000 rows' answer was in (the demo manager's own time is not the console's).
    const arrived = await page.evaluate((t) => {
      const r = performance.getEntriesByType('resource').filter((r) => r.name.includes('deployments') && r.name.includes('_size=1000'));
      return r.length ? r[r.length - 1].responseEnd - t : NaN;
    }, t);
    afterData.push(painted - arrived);
    serverMs.push(arrived);
    longest.push(await longestSince(page, t));
    dom.push(await domNodes(page));
    // A scripted scroll through the 1,000 rows over about two seconds: frame intervals.
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const s = document.querySelector('.table-scroll.virtual') ?? document.scrollingElement;
      const max = s.scrollHeight - s.clientHeight;
      const out = []; let last = performance.now(); const start = last;
      const tick = (now) => {
        out.push(now - last); last = now;
        const f = Math.min(1, (now - start) / 2000);
        s.scrollTop = max * f;
        if (f < 1) requestAnimationFrame(tick); else resolve(out.slice(1));
      };
      requestAnimationFrame(tick);
    }));
    frameMedian.push(median(frames));
    frameMax.push(Math.max(...frames));
    over50.push(frames.filter((f) => f > 50).length);
    await heapMiB(cdp);
    await context.close();
  }
  report('deployments list, 10,000 in the data set: page size 20 → 1,000, change → rows painted', paint);
  report('  of which waiting for the answer (request sent → last byte)', serverMs);
  report('  answer in → rows painted', afterData);
  report('  longest main-thread task in that', longest);
  report('  DOM nodes with 1,000 rows loaded', dom, '', 0);
  report('  scripted scroll through 1,000 rows: median frame interval', frameMedian, 'ms', 1);
  report('  longest frame interval during the scroll', frameMax);
  report('  frames over 50 ms during the scroll', over50, '', 0);
  await control('reset');
} catch (e) { note(`list: could not finish: ${e.message.split('\n')[0]}`); }

// 4. The log view: appending 10,000 lines; scrolling a 1,000,000-line execution end to end.
if (wanted('logs')) try {
  await control('reset');
  const { context, page, cdp } = await freshPage();
  await page.goto(`${base}/login`);
  await signIn(page);
  const total = () => page.evaluate(() => {
    const m = /of (\d+)/.exec(document.querySelector('.log-status')?.textContent ?? '');
    return m ? Number(m[1]) : -1;
  });
  const appendTask = [], appendNet = [], appendLongest = [];
  for (let round = 0; round < Math.min(RUNS, 3); round += 1) {
    // 9 steps of 5,000 lines, one a second: 45,000 lines, so 10,000 more always come.
    const chatty = await install(50 + round, { step_secs: 1, lines_per_step: 5000 });
    await page.goto(`${base}/events?execution=${chatty}`);
    await page.waitForFunction(() => /of \d+/.test(document.querySelector('.log-status')?.textContent ?? ''));
    await page.click('.log-toolbar .live-toggle');
    const shown = await total();
    // Paused until the execution has ended: then the catch-up is one batch of new lines
    // (lines still streaming in would keep the newest rows loading forever).
    for (let waited = 0; ; waited += 500) {
      const x = await api('GET', `/executions/${chatty}?_include=status`);
      const p = await api('GET', `/events?execution_id=${chatty}&type=cloudify_event&type=cloudify_log&include_logs=true&_size=1`);
      if (x.status === 'terminated' && p.metadata.pagination.total >= shown + 10000) break;
      if (waited > 90000) throw new Error(`the chatty execution did not end with 10,000 more lines (${p.metadata.pagination.total} after ${shown})`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // The page's own background (other live views, timers) over two idle seconds, to take
    // out of the catch-up's figure.
    const idle0 = await taskMs(cdp), w0 = Date.now();
    await page.waitForTimeout(2000);
    const idleRate = ((await taskMs(cdp)) - idle0) / (Date.now() - w0);
    const before = await taskMs(cdp), wall = Date.now();
    const t = await page.evaluate(() => performance.now());
    await page.click('.log-toolbar .live-toggle');
    await page.waitForFunction((s) => {
      const m = /of (\d+)/.exec(document.querySelector('.log-status')?.textContent ?? '');
      return m && Number(m[1]) >= s + 10000 && !document.querySelector('.log-row.loading');
    }, shown, { polling: 'raf' });
    const spent = (await taskMs(cdp)) - before;
    appendTask.push(spent);
    appendNet.push(Math.max(0, spent - idleRate * (Date.now() - wall)));
    appendLongest.push(await longestSince(page, t));
    await api('POST', `/executions/${chatty}`, { action: 'force-cancel' }).catch(() => {});
  }
  report('log view: take in ≥ 10,000 new lines while following, main-thread task time (resume → rows shown)', appendTask);
  report('  the same less the page\'s idle background over that time', appendNet);
  report('  longest task in that', appendLongest);

  const million = await install(60, { synthetic_lines: 1000000 });
  const scrollLongest = [], scrollLong = [], heapAfter = [], wasmAfter = [], rowsAfter = [], scrollMs = [];
  for (let round = 0; round < Math.min(RUNS, 3); round += 1) {
    await page.goto(`${base}/events?execution=${million}`);
    await page.waitForFunction(() => /of 1000000/.test(document.querySelector('.log-status')?.textContent ?? ''))
      .catch(async (e) => { throw new Error(`${e.message.split('\n')[0]}; status: ${await page.evaluate(() => document.querySelector('.log-status')?.textContent)} at ${page.url()}`); });
    const t = await page.evaluate(() => performance.now());
    const steps = 200;
    const t0 = Date.now();
    for (let i = 0; i <= steps; i += 1) {
      await page.evaluate(([i, steps]) => {
        const s = document.querySelector('.log-scroller');
        s.scrollTop = (s.scrollHeight - s.clientHeight) * i / steps;
      }, [i, steps]);
      await page.waitForTimeout(40);
    }
    await page.waitForFunction(() => !document.querySelector('.log-row.loading'));
    scrollMs.push(Date.now() - t0);
    const long = await page.evaluate((t) => window.__long.filter((l) => l.at >= t).map((l) => l.d), t);
    scrollLong.push(long.length);
    scrollLongest.push(long.length ? Math.max(...long) : 0);
    rowsAfter.push(await page.evaluate(() => document.querySelectorAll('.log-row').length));
    heapAfter.push(await heapMiB(cdp));
    wasmAfter.push(await wasmMiB(page));
  }
  report('log view: scroll 1,000,000 lines top to bottom in 200 steps, longest task', scrollLongest);
  report('  tasks over 50 ms in that scroll', scrollLong, '', 0);
  report('  wall time of the scroll (200 steps, 40 ms apart, plus loading)', scrollMs);
  report('  log rows in the DOM after it', rowsAfter, '', 0);
  report('  JS heap after it', heapAfter, 'MiB', 1);
  report('  WebAssembly memory after it', wasmAfter, 'MiB', 1);
  await context.close();
} catch (e) { note(`logs: could not finish: ${e.message.split('\n')[0]}`); }

// 5. Requests per second with several live views open: a running execution's page (the
// execution, its operations timeline, its tasks graph and the log's follow are four live
// views) and the executions list with "running first" (two more) in a second tab.
if (wanted('live')) try {
  await control('reset');
  const { context, page } = await freshPage();
  await page.goto(`${base}/login`);
  await signIn(page);
  const rps = [];
  for (let round = 0; round < Math.min(RUNS, 3); round += 1) {
    const long = await install(61 + round, { step_secs: 30 });
    await page.goto(`${base}/executions/${long}`);
    await page.waitForSelector('.tl-bar');
    await page.waitForTimeout(1000);
    let count = 0;
    const onRequest = (r) => { if (r.url().includes('/api/v3.1/')) count += 1; };
    page.on('request', onRequest);
    await page.waitForTimeout(15000);
    page.off('request', onRequest);
    rps.push(count / 15);
    await api('POST', `/executions/${long}`, { action: 'force-cancel' }).catch(() => {});
  }
  report('one running execution\'s page (4 live views), requests per second over 15 s', rps, 'req/s', 2);
  await context.close();
} catch (e) { note(`live: could not finish: ${e.message.split('\n')[0]}`); }

note(`load average at the start ${loadAtStart}, at the end ${load()}`);
await browser.close();
