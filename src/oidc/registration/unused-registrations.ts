import { createDirectory, type Application, type Directory } from '../../directory/index.ts';
import { recordAudit, serialiseAuditedWrites } from '../../logs/index.ts';
import type { Db } from '../../store/index.ts';
import { selfRegistrationOf, selfRegistrationTags, type SelfRegistration } from '../client-metadata.ts';
import { revokeClientGrants } from '../revoke-client-grants.ts';

/** How long a self-registered client may go without a token; 0 turns a rule off. */
export interface UnusedRegistrationPolicy {
  /** Days since the last token issued to the client. */
  idleDays: number;
  /** Days since registration, for a client never issued a token. */
  neverUsedDays: number;
}

/** A self-registered application as the sweep (and `limen apps`) sees it. */
export interface SelfRegisteredClient {
  app: Application;
  registration: SelfRegistration;
  servicePrincipalId: string | undefined;
  /** False when an administrator disabled its service principal. */
  accountEnabled: boolean;
  /** When it last got a token, to the day; null when never. */
  lastSignInDateTime: string | null;
  /** Owners of the application and of its service principal. */
  owners: number;
}

export type SweepReason = 'idle' | 'neverUsed';

export interface SweptRegistration {
  id: string;
  appId: string;
  displayName: string;
  reason: SweepReason;
  lastSignInDateTime: string | null;
}

const dayMs = 86_400_000;

/**
 * Why `client` should be deleted now, or undefined to keep it. Only registrations nobody has
 * taken charge of are swept: an administrator adopts one by giving the application or its
 * service principal an owner, by removing its self-registration tag, or by disabling it (a
 * disabled metadata document client must stay, or the URL could register itself afresh).
 */
export function sweepReason(client: SelfRegisteredClient, policy: UnusedRegistrationPolicy, now: Date): SweepReason | undefined {
  if (client.owners > 0 || !client.accountEnabled) return undefined;
  const olderThan = (iso: string, days: number) => days > 0 && now.getTime() - Date.parse(iso) > days * dayMs;
  if (client.lastSignInDateTime) return olderThan(client.lastSignInDateTime, policy.idleDays) ? 'idle' : undefined;
  return olderThan(client.app.createdDateTime, policy.neverUsedDays) ? 'neverUsed' : undefined;
}

/** Every application still carrying a self-registration tag, with what decides its fate. */
export async function listSelfRegisteredClients(db: Db, only?: { id: string }): Promise<SelfRegisteredClient[]> {
  const directory = createDirectory(db);
  const patterns = Object.values(selfRegistrationTags).map((t) => `%${JSON.stringify(t)}%`);
  // A coarse text match on both engines; selfRegistrationOf decides.
  const apps = (await directory.applications.list((q) => {
    const refined = q.where((eb) => eb.or(patterns.map((p) => eb('data', 'like', p))));
    return only ? refined.where('id', '=', only.id) : refined.orderBy('created_date_time');
  })).filter((app) => selfRegistrationOf(app));
  if (apps.length === 0) return [];
  const principals = await db.selectFrom('service_principals')
    .leftJoin('service_principal_sign_in_activities as a', 'a.service_principal_id', 'service_principals.id')
    .select(['service_principals.id', 'service_principals.app_id', 'service_principals.account_enabled', 'a.last_sign_in_date_time'])
    .where('service_principals.app_id', 'in', apps.map((a) => a.appId))
    .execute();
  const byAppId = new Map(principals.map((p) => [p.app_id, p]));
  const ownerCounts = await directory.objectLinks.countFor([...apps.map((a) => a.id), ...principals.map((p) => p.id)], 'owners');
  return apps.map((app) => {
    const sp = byAppId.get(app.appId);
    return {
      app,
      registration: selfRegistrationOf(app)!,
      servicePrincipalId: sp?.id,
      accountEnabled: sp ? sp.account_enabled === 1 : true,
      lastSignInDateTime: sp?.last_sign_in_date_time ?? null,
      owners: (ownerCounts.get(app.id) ?? 0) + (sp ? ownerCounts.get(sp.id) ?? 0 : 0),
    };
  });
}

/**
 * Deletes self-registered applications nobody uses (MCP clients register afresh at every
 * install, and the abandoned ones would fill `maxSelfRegisteredClients`): each as an
 * administrator's DELETE /applications/{id} does, with its service principal, grants and
 * assignments, its stored tokens revoked, and a "Delete application" audit record initiated by
 * Limen itself. Each deletion is its own transaction under the audit lock and decides again
 * there, so processes sweeping at once delete each application once and never fail for it.
 */
export async function sweepUnusedRegistrations(db: Db, policy: UnusedRegistrationPolicy, now = new Date()): Promise<SweptRegistration[]> {
  if (policy.idleDays <= 0 && policy.neverUsedDays <= 0) return [];
  const candidates = (await listSelfRegisteredClients(db)).filter((c) => sweepReason(c, policy, now));
  const swept: SweptRegistration[] = [];
  for (const candidate of candidates) {
    const deleted = await db.transaction().execute(async (trx) => {
      await serialiseAuditedWrites(trx);
      const [client] = await listSelfRegisteredClients(trx, { id: candidate.app.id });
      const reason = client && sweepReason(client, policy, now);
      if (!client || !reason) return undefined;
      return deleteRegistration(trx, createDirectory(trx), client, reason, policy);
    });
    if (deleted) swept.push(deleted);
  }
  return swept;
}

async function deleteRegistration(
  trx: Db, directory: Directory, client: SelfRegisteredClient, reason: SweepReason, policy: UnusedRegistrationPolicy,
): Promise<SweptRegistration> {
  const { app } = client;
  // A metadata document client's tokens name its URL as client_id; a registered one, its appId.
  const documentUrls = app.tags.filter((t) => t.startsWith(`${selfRegistrationTags.clientIdMetadataDocument}:`))
    .map((t) => t.slice(selfRegistrationTags.clientIdMetadataDocument.length + 1));
  const revoked = await revokeClientGrants(trx, [app.appId, ...documentUrls]);
  await directory.applications.delete(app.id);
  const why = reason === 'idle'
    ? `no token issued to it for more than ${policy.idleDays} days (last ${client.lastSignInDateTime})`
    : `no token issued to it in the ${policy.neverUsedDays} days since it registered itself`;
  await recordAudit(trx, {
    category: 'ApplicationManagement',
    activityDisplayName: 'Delete application',
    // Nobody signed in: Limen deleted it, by the rule below.
    initiatedBy: {},
    targetResources: [
      { id: app.id, displayName: app.displayName, type: 'Application' },
      ...(client.servicePrincipalId ? [{ id: client.servicePrincipalId, displayName: app.displayName, type: 'ServicePrincipal' }] : []),
    ],
    additionalDetails: [
      { key: 'AppId', value: app.appId },
      { key: 'registration', value: client.registration },
      { key: 'reason', value: `Unused self-registered client: ${why}.` },
      { key: 'RevokedTokensAndGrants', value: String(revoked) },
    ],
  });
  return { id: app.id, appId: app.appId, displayName: app.displayName, reason, lastSignInDateTime: client.lastSignInDateTime };
}
