import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../store/index.ts';
import { servicePrincipalIdProperty } from './client-metadata.ts';

/** A client's last sign-in is kept to the day: finer would cost a write per token request. */
export const signInActivityPrecisionMs = 86_400_000;
/** Clients this process remembers writing for; past it, it forgets and asks the database again. */
const rememberedClients = 10_000;

/**
 * Graph's split: a token for a user (delegatedClientSignInActivity) or for the client itself
 * (applicationAuthenticationClientSignInActivity).
 */
export type SignInKind = 'delegated' | 'appOnly';

const kindColumn = {
  delegated: 'last_delegated_sign_in_date_time',
  appOnly: 'last_app_only_sign_in_date_time',
} as const;

/**
 * Records when each client last got a token (Graph's servicePrincipalSignInActivity), from
 * oidc-provider's `grant.success`, and whether for a user or for itself. A token request never
 * waits on it, and it writes at most once a day per client and kind: this process skips what
 * it wrote within the day, and the write itself changes nothing when another process already did.
 */
export function recordClientSignInActivity(provider: Provider, db: Db): void {
  const written = new Map<string, number>();
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    // The service principal, not the client_id: a metadata document client's id is its URL.
    const clientId = ctx.oidc.client?.[servicePrincipalIdProperty];
    if (typeof clientId !== 'string') return;
    // App-only tokens are ClientCredentials (client credentials, an agent's own exchange);
    // every other grant issues a token for a signed-in user.
    const kind: SignInKind = ctx.oidc.entities.ClientCredentials ? 'appOnly' : 'delegated';
    const key = `${kind}:${clientId}`;
    const now = Date.now();
    if (now - (written.get(key) ?? 0) < signInActivityPrecisionMs) return;
    if (written.size >= rememberedClients) written.clear();
    written.set(key, now);
    void recordSignIn(db, clientId, new Date(now), kind).catch((error: unknown) => {
      written.delete(key);
      process.stderr.write(`limen: last sign-in of service principal ${clientId} not recorded: ${String(error)}\n`);
    });
  });
}

/**
 * Sets the service principal's last sign-in (and, with `kind`, its last sign-in of that kind)
 * to `at`, unless the stored ones are less than a day older.
 */
export async function recordSignIn(db: Db, servicePrincipalId: string, at: Date, kind?: SignInKind): Promise<void> {
  const stale = new Date(at.getTime() - signInActivityPrecisionMs).toISOString();
  const iso = at.toISOString();
  const column = kind ? kindColumn[kind] : undefined;
  await db.insertInto('service_principal_sign_in_activities')
    .columns(column ? ['service_principal_id', 'last_sign_in_date_time', column] : ['service_principal_id', 'last_sign_in_date_time'])
    .expression((eb) => eb.selectFrom('service_principals').select([
      'id', eb.val(iso).as('last_sign_in_date_time'), ...(column ? [eb.val(iso).as(column)] : []),
    ]).where('id', '=', servicePrincipalId))
    .onConflict((oc) => oc.column('service_principal_id')
      // Never backwards: a write for one kind leaves a later date of the other in place.
      .doUpdateSet((eb) => {
        const later = (c: 'last_sign_in_date_time' | NonNullable<typeof column>) => eb.case()
          .when(eb(`excluded.${c}`, '>', eb.fn.coalesce(`service_principal_sign_in_activities.${c}`, eb.val(''))))
          .then(eb.ref(`excluded.${c}`)).else(eb.ref(`service_principal_sign_in_activities.${c}`)).end().$castTo<string>();
        return { last_sign_in_date_time: later('last_sign_in_date_time'), ...(column ? { [column]: later(column) } : {}) };
      })
      .where((eb) => eb.or([
        eb('service_principal_sign_in_activities.last_sign_in_date_time', '<', stale),
        ...(column ? [
          eb(`service_principal_sign_in_activities.${column}`, 'is', null),
          eb(`service_principal_sign_in_activities.${column}`, '<', stale),
        ] : []),
      ])))
    .execute();
}
