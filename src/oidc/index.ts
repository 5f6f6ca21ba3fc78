import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import type Provider from 'oidc-provider';
import {
  createPasskeyCeremonies, createTapRepository, relyingPartyFor, SmartLockout, type LockoutOptions, type PasskeyCeremonies, type SecretBox,
} from '../authn/index.ts';
import { createFindAccount } from './account.ts';
import { createSessionReader, type SessionReader } from './current-sign-in.ts';
import type { LimenConfig } from '../config/index.ts';
import { createDirectory, type User } from '../directory/index.ts';
import { registerSecurityInfoRefusal } from './conditional-access.ts';
import type { Db } from '../store/index.ts';
import { createAccessTokenVerifier, type AccessTokenClaims } from './access-token-verifier.ts';
import { sweepExpiredPayloads } from './adapter.ts';
import { createConsent } from './consent.ts';
import { createInteractions } from './interactions/index.ts';
import { replaceProviderKeys } from './internals.ts';
import { KeyRing } from './key-ring.ts';
import { loadMasterKey } from './master-key.ts';
import { secretBoxFor } from './sealed-box.ts';
import { createProvider, maxSignedTokenLifetime } from './provider.ts';
import { createResources } from './resources.ts';
import { DirectoryCache } from './directory-cache.ts';
import { sweepUnusedRegistrations } from './registration/unused-registrations.ts';
import { neverThrowing, type SignInRecorder } from './sign-in-events.ts';

export { AccessTokenError, type AccessTokenClaims, type AccessTokenErrorCode } from './access-token-verifier.ts';
export { rotateSigningKey, type RotateOptions, type SigningAlg } from './key-store.ts';
export { loadMasterKey, MasterKeyError } from './master-key.ts';
export type { SignInRecorder } from './sign-in-events.ts';
export type { CurrentSignIn, SessionReader } from './current-sign-in.ts';
export { assetPaths, serveAsset } from './pages/assets.ts';
export { alert, escapeHtml, htmlDocument, page, sendPage } from './pages/html.ts';
export { errorPage } from './pages/error-page.ts';
export { isCrossSite } from './pages/same-origin.ts';

export interface OidcDeps {
  config: LimenConfig;
  db: Db;
  tenantId: string;
  /** The sign-in log (logs' SignInLog); `record` must be synchronous and cheap. */
  signIns: SignInRecorder;
  /** The key-encryption key; loaded from config (or `<dataDir>/master.key`) when omitted. */
  masterKey?: Buffer;
  /**
   * How often signing keys are re-read, to follow rotations made by another process or the CLI.
   * Rotation overlaps (see rotateSigningKey) should be at least twice this. @default 60
   */
  keyReloadSeconds?: number;
  /** Self-service recovery is set up at /recover: the sign-in pages link to it. */
  accountRecovery?: boolean;
  /** Smart lockout tuning; Entra's defaults (authn/lockout-defaults.ts) when omitted. */
  lockout?: Partial<LockoutOptions>;
}

export interface Oidc {
  /** The oidc-provider instance (a Koa app): discovery, authorization, token, JWKS… */
  provider: Provider;
  /** Node request handler for everything but `/interaction/*` and the API routes. */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  /** The sign-in pages; mount at path prefix `/interaction/`. */
  interactions: Koa;
  /**
   * Verifies a Limen access token (signature, `typ` at+jwt, issuer, audience, expiry) and
   * returns its claims; throws `AccessTokenError` on anything wrong.
   * @param audience default `api://limen`, the management API
   */
  verifyAccessToken(token: string, audience?: string): Promise<AccessTokenClaims>;
  /** Who is signed in to a browser (for Limen's own end-user pages), or undefined. */
  currentSignIn: SessionReader;
  /** Passkey ceremonies; undefined when the public URL's host is an IP address. */
  passkeys: PasskeyCeremonies | undefined;
  /** Seals and opens authentication-method secrets (authenticator apps) under the master key. */
  secretBox: SecretBox;
  /** Conditional Access on registering security info (Entra's user action); undefined when allowed. */
  registerSecurityInfoRefusal(request: { ip: string; userAgent: string | undefined }, user: User, amr: readonly string[]): Promise<string | undefined>;
  /** Stops the timers (key reload, expired-row and unused-client sweeps). Does not close the database. */
  close(): Promise<void>;
}

/** How often expired rows of oidc_payloads are deleted. */
const sweepEveryMs = 10 * 60 * 1000;
/** How often unused self-registered clients are looked for (their rules count in days). */
const registrationSweepEveryMs = 60 * 60 * 1000;

/**
 * The OpenID Connect / OAuth 2.0 authority of one tenant: signing keys (created at first start,
 * sealed under the master key), the provider, the sign-in pages and access token verification.
 */
export async function createOidc(deps: OidcDeps): Promise<Oidc> {
  const { config, db } = deps;
  const signIns = neverThrowing(deps.signIns);
  const masterKey = deps.masterKey ?? await loadMasterKey(config);
  const directory = createDirectory(db);
  const cache = new DirectoryCache(db);
  const resources = createResources(directory, cache);
  const consent = createConsent(directory, resources);

  let provider: Provider | undefined;
  const ring = await KeyRing.open(db, masterKey, {
    maxTokenLifetimeSeconds: maxSignedTokenLifetime(config),
    reloadSeconds: deps.keyReloadSeconds ?? 60,
    onChange: (r) => provider && replaceProviderKeys(provider, r.providerKeys()),
  });
  provider = createProvider({ ...deps, signIns, masterKey, directory, resources, consent, ring, cache });
  const lockout = new SmartLockout(db, deps.lockout);
  const passkeys = passkeyCeremoniesFor(db, config.publicUrl);
  const secretBox = secretBoxFor(masterKey);
  const interactions = createInteractions({
    provider, db, directory, resources, consent, signIns, lockout, passkeys, secretBox, accountRecovery: deps.accountRecovery ?? false, cache,
  });
  const findAccount = createFindAccount(directory, deps.tenantId, (userId) => createTapRepository(db).getForUser(userId));

  const sweep = setInterval(() => void sweepExpiredPayloads(db).catch((error: unknown) => {
    process.stderr.write(`limen: could not delete expired OIDC rows: ${String(error)}\n`);
  }).then(() => lockout.sweep()).catch((error: unknown) => {
    process.stderr.write(`limen: could not delete stale sign-in lockout rows: ${String(error)}\n`);
  }), sweepEveryMs);
  sweep.unref();

  const policy = { idleDays: config.selfRegisteredClientIdleDays, neverUsedDays: config.selfRegisteredClientNeverUsedDays };
  let registrationSweep: Promise<unknown> = Promise.resolve();
  const sweepRegistrations = () => {
    registrationSweep = registrationSweep.then(async () => {
      const swept = await sweepUnusedRegistrations(db, policy);
      if (swept.length > 0) process.stderr.write(`limen: deleted ${swept.length} unused self-registered client(s); see the audit log\n`);
    }).catch((error: unknown) => {
      process.stderr.write(`limen: could not delete unused self-registered clients: ${String(error)}\n`);
    });
  };
  sweepRegistrations();
  const registrations = setInterval(sweepRegistrations, registrationSweepEveryMs);
  registrations.unref();

  const ready = provider;
  return {
    provider: ready,
    callback: () => ready.callback(),
    interactions,
    verifyAccessToken: createAccessTokenVerifier(ring, ready.issuer),
    currentSignIn: createSessionReader(ready, findAccount),
    passkeys,
    secretBox,
    registerSecurityInfoRefusal: (request, user, amr) => registerSecurityInfoRefusal({ db, directory, cache }, request, user, amr),
    async close() {
      clearInterval(sweep);
      clearInterval(registrations);
      ring.close();
      // The one at start may still run; the database must outlive it.
      await registrationSweep;
    },
  };
}

/** WebAuthn needs a domain name as its RP ID (§5.1.4.1): none when Limen is reached by IP address. */
function passkeyCeremoniesFor(db: Db, publicUrl: string) {
  const host = new URL(publicUrl).hostname;
  if (isIP(host.replace(/^\[|\]$/g, ''))) return undefined;
  return createPasskeyCeremonies(db, relyingPartyFor(publicUrl));
}
