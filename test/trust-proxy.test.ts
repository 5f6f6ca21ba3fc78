import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshDatabaseOptions } from './support/engines.ts';
import { expectStatus, graphClient } from './support/graph-client.ts';
import { runCli, startLimenProcess } from './support/limen-process.ts';

/**
 * X-Forwarded-For is believed only when the operator says a trusted proxy is in front
 * (LIMEN_TRUST_PROXY): otherwise any client could write any address into the sign-in log.
 */
async function loggedAddress(trustProxy: boolean): Promise<string | null> {
  const db = await freshDatabaseOptions('sqlite');
  const limen = await startLimenProcess({ ...db, env: trustProxy ? { LIMEN_TRUST_PROXY: '1' } : {} });
  try {
    const client = JSON.parse((await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json'])).stdout) as Record<string, string>;
    const response = await fetch(`${limen.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '203.0.113.7',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: client.scope! }).toString(),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    await new Promise((r) => setTimeout(r, 500)); // one sign-in log batch
    const page = await expectStatus(graphClient(limen.url, token).call<{ value: Array<{ ipAddress: string | null }> }>('GET', `/auditLogs/signIns?$filter=appId eq '${client.clientId}'`), 200);
    return page.value[0]?.ipAddress ?? null;
  } finally {
    await limen.stop();
    await db.cleanup();
  }
}

describe('the client address in the sign-in log', () => {
  test('is the forwarded one behind a trusted proxy', async () => {
    assert.equal(await loggedAddress(true), '203.0.113.7');
  });
  test('is the connection\'s own otherwise, whatever X-Forwarded-For claims', async () => {
    assert.match((await loggedAddress(false)) ?? '', /127\.0\.0\.1/);
  });
});
