/**
 * First load of the admin center on localhost, in Debian's Chromium, beside Limen's own
 * server-rendered sign-in page in the same run (the baseline: the smallest page Limen serves).
 *
 * Limen runs as a user runs it (built, `limen start`, SQLite). The first administrator signs in
 * once with a Temporary Access Pass; each measured load then opens /console/ in that browser
 * session until the Overview's heading shows, which includes the app's own sign-in round trip
 * (authorize → single sign-on → code → token), as an admin's first visit of the day does.
 * "Cold" clears the browser cache first; "warm" keeps it. Transferred bytes are what the load
 * took over the wire (headers and compressed bodies) until the page showed.
 *
 *   node bench/console-load.ts          # 10 loads of each kind
 */
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { appOnlyClient, expectStatus } from '../test/support/graph-client.ts';
import { signInWithTap } from '../test/browser/limen-for-browser.ts';
import { startBuiltLimen } from './built-limen.ts';

export interface LoadRow {
  name: string;
  medianMs: number;
  p90Ms: number;
  /** Bytes over the wire for the final document and its resources, on the last load. */
  transferredKb: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Counts the bytes a browser context receives over the wire (headers and compressed bodies). */
function byteCounter(context: BrowserContext): { take(): number } {
  let bytes = 0;
  context.on('requestfinished', (request) => {
    void request.sizes().then((s) => { bytes += s.responseHeadersSize + s.responseBodySize; }, () => {});
  });
  return { take: () => { const b = bytes; bytes = 0; return b; } };
}

/**
 * Times `loads` loads: each `once` starts a load, calls `shown()` when the page is there, and
 * returns the bytes received until then (what the page needed, not what it fetched afterwards).
 */
async function measure(name: string, loads: number, once: (shown: () => void) => Promise<number>): Promise<LoadRow> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < loads; i++) {
    const started = performance.now();
    let ms = 0;
    bytes = await once(() => { ms = performance.now() - started; });
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9), transferredKb: bytes / 1024 };
}

export async function consoleLoadFigures(loads = 10): Promise<LoadRow[]> {
  const server = await startBuiltLimen();
  const browser = await launchBrowser();
  try {
    const admin = await appOnlyClient(server.url, server.service.clientId!, server.service.clientSecret!);
    await expectStatus(admin.call('PATCH', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass', { state: 'enabled' }), 204);
    const users = await expectStatus(admin.call<{ value: Array<{ id: string; userPrincipalName: string }> }>('GET', '/users'), 200);
    const first = users.value[0]!; // a fresh tenant has one person: its first administrator
    const tap = await expectStatus(admin.call<{ temporaryAccessPass: string }>('POST', `/users/${first.id}/authentication/temporaryAccessPassMethods`, {}), 201);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    await signInWithTap(page, first.userPrincipalName, tap.temporaryAccessPass);
    const overview = () => page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await overview();
    const received = byteCounter(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');

    const signInPage = await measure('baseline: the sign-in page (server-rendered), new visitor', loads, async (shown) => {
      const visitor = await browser.newContext();
      const received = byteCounter(visitor);
      const p = await visitor.newPage();
      await p.goto(`${server.url}/my/security-info`);
      await p.getByLabel('Email or username').waitFor();
      shown();
      const bytes = received.take();
      await visitor.close();
      return bytes;
    });
    const consoleLoad = (cache: 'cold' | 'warm') => async (shown: () => void) => {
      if (cache === 'cold') await cdp.send('Network.clearBrowserCache');
      received.take();
      await page.goto(`${server.url}/console/`);
      await overview();
      shown();
      const bytes = received.take();
      await page.waitForLoadState('networkidle'); // the idle preloads of other pages: not counted
      return bytes;
    };
    const cold = await measure('admin center, cold cache: /console/ to the Overview', loads, consoleLoad('cold'));
    const warm = await measure('admin center, warm cache: /console/ to the Overview', loads, consoleLoad('warm'));
    return [signInPage, cold, warm];
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    server.cleanup();
  }
}

export function consoleLoadTable(rows: LoadRow[]): string {
  return '| load | median ms | p90 ms | transferred KB |\n|---|---:|---:|---:|\n' +
    rows.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.p90Ms.toFixed(0)} | ${r.transferredKb.toFixed(0)} |\n`).join('');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await consoleLoadFigures(Number(process.env.BENCH_LOADS ?? 10));
  process.stdout.write(`\nAdmin center first load on localhost (Chromium, ${process.env.BENCH_LOADS ?? 10} loads each)\n\n${consoleLoadTable(rows)}`);
}
