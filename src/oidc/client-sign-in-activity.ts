import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../store/index.ts';
import { servicePrincipalIdProperty } from './client-metadata.ts';

/** A client's last sign-in is kept to the day: finer would cost a write per token request. */
export const signInActivityPrecisionMs = 86_400_000;
/** Clients this process remembers writing for; past it, it forgets and asks the database again. */
const rememberedClients = 10_000;

/**
 * Records when each client last got a token (Graph's servicePrincipalSignInActivity), from
 * oidc-provider's `grant.success`. A token request never waits on it, and it writes at most
 * once a day per client: this process skips clients it wrote for within the day, and the
 * write itself changes nothing when another process already did.
 */
export function recordClientSignInActivity(provider: Provider, db: Db): void {
  const written = new Map<string, number>();
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    // The service principal, not the client_id: a metadata document client's id is its URL.
    const clientId = ctx.oidc.client?.[servicePrincipalIdProperty];
    if (typeof clientId !== 'string') return;
    const now = Date.now();
    if (now - (written.get(clientId) ?? 0) < signInActivityPrecisionMs) return;
    if (written.size >= rememberedClients) written.clear();
    written.set(clientId, now);
    void recordSignIn(db, clientId, new Date(now)).catch((error: unknown) => {
      written.delete(clientId);
      process.stderr.write(`limen: last sign-in of service principal ${clientId} not recorded: ${String(error)}\n`);
    });
  });
}

/** Sets the service principal's last sign-in to `at` unless the stored one is less than a day older. */
export async function recordSignIn(db: Db, servicePrincipalId: string, at: Date): Promise<void> {
  const stale = new Date(at.getTime() - signInActivityPrecisionMs).toISOString();
  await db.insertInto('service_principal_sign_in_activities')
    .columns(['service_principal_id', 'last_sign_in_date_time'])
    .expression((eb) => eb.selectFrom('service_principals').select([
      'id', eb.val(at.toISOString()).as('last_sign_in_date_time'),
    ]).where('id', '=', servicePrincipalId))
    .onConflict((oc) => oc.column('service_principal_id')
      .doUpdateSet((eb) => ({ last_sign_in_date_time: eb.ref('excluded.last_sign_in_date_time') }))
      .where('service_principal_sign_in_activities.last_sign_in_date_time', '<', stale))
    .execute();
}
