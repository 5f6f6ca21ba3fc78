import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { PasskeyCeremonies, SecretBox, SmartLockout } from '../../authn/index.ts';
import type { Db } from '../../store/index.ts';
import type Provider from 'oidc-provider';
import type { Directory } from '../../directory/index.ts';
import type { Consent } from '../consent.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import type { Resources } from '../resources.ts';
import { errorPage } from '../pages/error-page.ts';
import { sendPage } from '../pages/html.ts';
import { correlationIdOf } from '../correlation.ts';
import type { SignInRecorder } from '../sign-in-events.ts';
import { serveAsset } from '../pages/assets.ts';
import { consentRoutes } from './consent.ts';
import { passkeyRoutes } from './passkey.ts';
import { secondFactorRoutes } from './second-factor.ts';
import { signInRoutes } from './sign-in.ts';

export interface InteractionDeps {
  provider: Provider;
  /** For changes the user makes (consent), written with their audit record in one transaction. */
  db: Db;
  directory: Directory;
  resources: Resources;
  consent: Consent;
  signIns: SignInRecorder;
  /** Smart lockout of password sign-in (counters shared through the database). */
  lockout: SmartLockout;
  /** Passkey ceremonies; undefined when the public URL's host is an IP address (no WebAuthn RP ID). */
  passkeys: PasskeyCeremonies | undefined;
  /** Opens authenticator-app secrets (sealed under the master key). */
  secretBox: SecretBox;
  /** Self-service recovery is set up at /recover: the password page links to it. */
  accountRecovery: boolean;
  /** Where the compiled Conditional Access policies are kept (recompiled when the audit head moves). */
  cache: DirectoryCache;
}

/**
 * The sign-in pages behind oidc-provider's interactions (`/interaction/:uid…`), as a Koa app the
 * server mounts by path prefix. oidc-provider redirects here when it needs the user (login) or
 * the user's consent; each handler ends the interaction with `interactionResult` and sends the
 * browser back to the provider. Only GET renders and POST acts; nothing changes state on GET.
 */
export function createInteractions(deps: InteractionDeps): Koa {
  const app = new Koa();
  const router = new Router({ prefix: '/interaction' });
  signInRoutes(router, deps);
  passkeyRoutes(router, deps);
  secondFactorRoutes(router, deps);
  consentRoutes(router, deps);

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // oidc-provider's errors carry an OAuth code (SessionNotFound: the interaction cookie is
      // missing or expired, as after a long pause or in another browser).
      const e = error as { name?: string; error?: string; error_description?: string; expose?: boolean; status?: number };
      const exposed = e.expose === true && typeof e.error === 'string';
      if (!exposed) process.stderr.write(`limen: interaction failed: ${(error as Error).stack ?? String(error)}\n`);
      const code = e.name === 'SessionNotFound' ? 'session_not_found' : e.error!;
      sendPage(ctx, errorPage({
        error: exposed ? code : 'server_error',
        description: exposed ? e.error_description : undefined,
        correlationId: correlationIdOf(ctx),
      }), exposed ? (e.status ?? 400) : 500);
    }
  });
  app.use(async (ctx, next) => {
    if (!serveAsset(ctx)) await next();
  });
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '16kb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
