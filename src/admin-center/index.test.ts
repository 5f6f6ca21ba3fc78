import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { consoleClient } from '../directory/index.ts';
import { createAdminCenter } from './index.ts';

/** The admin center's file serving on a build of its own: headers, fallback, and what it refuses. */
describe('the admin center at /console', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers, redirect: 'manual' });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'limen-console-'));
    const build = join(dir, 'build');
    await mkdir(join(build, 'assets'), { recursive: true });
    await writeFile(join(build, 'index.html'),
      '<meta name="limen-console" content="__LIMEN_CONSOLE_CONFIG__"><meta property="csp-nonce" nonce="__LIMEN_CSP_NONCE__">' +
      '<script type="module" src="/console/assets/app-abc123.js" nonce="__LIMEN_CSP_NONCE__"></script>');
    await writeFile(join(build, 'assets', 'app-abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
    await writeFile(join(build, '.source-hash'), 'secret-ish');
    await writeFile(join(dir, 'outside.txt'), 'outside the build');
    const app = createAdminCenter({ publicUrl: 'https://id.example.org', root: build, authorizationServer: { issuer: 'https://id.example.org', authorization_endpoint: 'https://id.example.org/auth', token_endpoint: 'https://id.example.org/token' } });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  test('index.html: the public URL and client id filled in, a fresh nonce in the CSP and the page, never cached', async () => {
    const response = await get('/console/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    assert.ok(nonce);
    const html = await response.text();
    assert.equal(html.split(`nonce="${nonce}"`).length, 3, 'both placeholders replaced');
    assert.ok(html.includes(`{&#34;publicUrl&#34;:&#34;https://id.example.org&#34;,&#34;clientId&#34;:&#34;${consoleClient.appId}&#34;,`));
    assert.ok(html.includes('&#34;authorization_endpoint&#34;:&#34;https://id.example.org/auth&#34;'), 'the provider\'s endpoints, so the app need not discover them');
  });

  test('client routes get index.html; hashed assets are immutable and compressed; a missing asset is a 404', async () => {
    assert.match(await (await get('/console/users/123?q=a')).text(), /limen-console/);
    const asset = await get('/console/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.headers.get('content-encoding'), 'gzip');
    assert.equal(asset.headers.get('vary'), 'Accept-Encoding');
    assert.match(await asset.text(), /^console\.log/);
    const missing = await get('/console/assets/app-old999.js');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('cache-control'), 'no-store');
  });

  test('nothing outside the build, and no dotfile, is ever served', async () => {
    for (const path of ['/console/../outside.txt', '/console/%2e%2e/outside.txt', '/console/assets/%2e%2e%2f..%2foutside.txt', '/console/.source-hash']) {
      const response = await get(path);
      const body = await response.text();
      assert.doesNotMatch(body, /outside the build|secret-ish/, path);
    }
    assert.equal((await get('/console/%E0%A4%A')).status, 400);
    assert.equal((await fetch(`${url}/console/`, { method: 'POST' })).status, 405);
  });

  test('/console redirects to /console/; without a build the page says how to build it', async () => {
    const bare = await get('/console?x=1');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/console/?x=1');
    const empty = createServer(createAdminCenter({ publicUrl: 'http://localhost:8080', root: join(dir, 'nothing') }).callback());
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(empty.address() as AddressInfo).port}/console/`);
      assert.equal(response.status, 503);
      assert.match(await response.text(), /npm run build/);
    } finally {
      await new Promise((resolve) => empty.close(resolve));
    }
  });
});
