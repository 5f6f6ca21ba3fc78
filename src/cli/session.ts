import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as oidc from 'openid-client';
import { cliClient, isLoopbackHost, managementApi } from '../directory/index.ts';
import { CliError, exitCodes } from './output.ts';

/**
 * Where the CLI keeps what `limen login` obtained: the server, and a refresh token. The file is
 * private to the user (0600), like other CLIs' credential caches. Scripts can skip it entirely by
 * setting LIMEN_SERVER, LIMEN_CLIENT_ID and LIMEN_CLIENT_SECRET (client credentials).
 */
interface SavedSession {
  server: string;
  refreshToken: string;
  userPrincipalName?: string;
}

const sessionFile = () =>
  join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'limen', 'session.json');

export const cliScope = `${managementApi.defaultScope} offline_access openid profile`;

export async function saveSession(s: SavedSession): Promise<string> {
  const file = sessionFile();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

export async function clearSession(): Promise<void> {
  await rm(sessionFile(), { force: true });
}

async function readSession(): Promise<SavedSession | undefined> {
  try {
    return JSON.parse(await readFile(sessionFile(), 'utf8')) as SavedSession;
  } catch {
    return undefined;
  }
}

/** Discovery against a Limen server; plain http is allowed only for loopback addresses. */
export async function discover(server: string, clientId: string, secret?: string): Promise<oidc.Configuration> {
  const url = new URL(server);
  const loopback = isLoopbackHost(url.hostname);
  try {
    return await oidc.discovery(
      url,
      clientId,
      secret ? { client_secret: secret } : undefined,
      secret ? oidc.ClientSecretPost(secret) : oidc.None(),
      loopback && url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch (e) {
    throw new CliError(`Cannot reach Limen at ${server}: ${(e as Error).message}`);
  }
}

export interface Connection {
  server: string;
  accessToken: string;
}

/** An access token for the management API, from the environment or the saved session. */
export async function connect(serverOverride?: string): Promise<Connection> {
  const env = process.env;
  if (env.LIMEN_CLIENT_ID && env.LIMEN_CLIENT_SECRET) {
    const server = serverOverride ?? env.LIMEN_SERVER ?? env.LIMEN_PUBLIC_URL ?? 'http://localhost:8080';
    const config = await discover(server, env.LIMEN_CLIENT_ID, env.LIMEN_CLIENT_SECRET);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: managementApi.defaultScope }).catch((e: Error) => {
      throw new CliError(`Client credentials were refused: ${e.message}`, exitCodes.denied);
    });
    return { server, accessToken: tokens.access_token };
  }
  const saved = await readSession();
  if (!saved) {
    throw new CliError('Not signed in. Run `limen login`, or set LIMEN_CLIENT_ID and LIMEN_CLIENT_SECRET.', exitCodes.denied);
  }
  // The refresh token goes only to the server that issued it.
  if (serverOverride && serverOverride.replace(/\/+$/, '') !== saved.server) {
    throw new CliError(`Your session is for ${saved.server}. Run \`limen login --server ${serverOverride}\` first.`, exitCodes.denied);
  }
  const config = await discover(saved.server, cliClient.appId);
  const tokens = await oidc.refreshTokenGrant(config, saved.refreshToken).catch((e: Error) => {
    throw new CliError(`Your session has ended (${e.message}). Run \`limen login\` again.`, exitCodes.denied);
  });
  // Refresh tokens rotate on every use (RFC 9700 §4.14.2): keep the new one.
  if (tokens.refresh_token) await saveSession({ ...saved, refreshToken: tokens.refresh_token });
  return { server: saved.server, accessToken: tokens.access_token };
}
