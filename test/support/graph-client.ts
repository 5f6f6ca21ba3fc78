/** A script's view of the management API: bearer token in, Graph JSON out. */
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';

export interface GraphClient {
  token: string;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
}

/** Client credentials with openid-client, against `issuer` (http allowed: tests run on loopback). */
export async function appOnlyClient(issuer: string, clientId: string, clientSecret: string, apiBase = issuer): Promise<GraphClient> {
  const config = await oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api://limen/.default' });
  return graphClient(apiBase, tokens.access_token);
}

export function graphClient(apiBase: string, token: string): GraphClient {
  return {
    token,
    async call<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${apiBase}/v1.0${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

export async function expectStatus<T>(p: Promise<{ status: number; json: T }>, status: number): Promise<T> {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.json));
  return r.json;
}
