import type { SelectQueryBuilder } from 'kysely';
import type { ApplicationRow, Db, Tables } from '../store/index.ts';
import {
  emptyApplicationData,
  toGraphApplication,
  toPasswordCredential,
  type Application,
  type ApplicationCreate,
  type ApplicationData,
  type ApplicationUpdate,
  type PasswordCredential,
} from './application.ts';
import { generateClientSecret } from './client-secret.ts';
import { DirectoryError } from './directory-error.ts';
import {
  maxFederatedCredentialsPerApp,
  toFederatedIdentityCredential,
  type FederatedIdentityCredential,
  type FederatedIdentityCredentialCreate,
  type FederatedIdentityCredentialUpdate,
} from './federated-identity-credential.ts';
import { parseJson } from './json.ts';
import { resolveKeyCredentials } from './key-credential.ts';
import { newId, nowIso } from './stable-id.ts';

export type ApplicationQuery = SelectQueryBuilder<Tables, 'applications', ApplicationRow>;

/** Graph's default and maximum secret lifetimes: Entra defaults to 180 days; we cap at 2 years. */
const secretLifetimeDefaultDays = 180;
const secretLifetimeMaxDays = 730;

export function createApplicationsRepository(db: Db) {
  async function requireRow(id: string): Promise<ApplicationRow> {
    const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DirectoryError('notFound', `Application '${id}' does not exist.`);
    return row;
  }

  async function withSecrets(rows: ApplicationRow[]): Promise<Application[]> {
    if (rows.length === 0) return [];
    const secrets = await db.selectFrom('application_secrets').selectAll()
      .where('application_id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => toGraphApplication(r, secrets.filter((s) => s.application_id === r.id)));
  }

  function dataOf(input: ApplicationUpdate, base: ApplicationData): ApplicationData {
    const d = { ...base };
    for (const key of Object.keys(base) as Array<keyof ApplicationData>) {
      if (input[key] !== undefined) (d as Record<string, unknown>)[key] = input[key];
    }
    if (input.keyCredentials !== undefined) d.keyCredentials = resolveKeyCredentials(input.keyCredentials, base.keyCredentials);
    return d;
  }

  /** Service principals copy the app's roles and scopes, as Entra does; keep them in step. */
  async function syncServicePrincipal(appId: string, data: ApplicationData, displayName: string) {
    const sp = await db.selectFrom('service_principals').selectAll().where('app_id', '=', appId).executeTakeFirst();
    if (!sp) return;
    const spData = parseJson<Record<string, unknown>>(sp.data, {});
    spData.appRoles = data.appRoles;
    spData.oauth2PermissionScopes = data.api.oauth2PermissionScopes;
    spData.servicePrincipalNames = [appId, ...data.identifierUris];
    await db.updateTable('service_principals')
      .set({ data: JSON.stringify(spData), display_name: displayName })
      .where('id', '=', sp.id).execute();
  }

  async function assertIdentifierUrisFree(uris: string[], exceptId?: string) {
    if (uris.length === 0) return;
    for (const app of await db.selectFrom('applications').select(['id', 'data']).execute()) {
      if (app.id === exceptId) continue;
      const taken = parseJson<Partial<ApplicationData>>(app.data, {}).identifierUris ?? [];
      const clash = uris.find((u) => taken.includes(u));
      if (clash) {
        throw new DirectoryError('conflict', `Another object with the same value for property identifierUris already exists: '${clash}'.`);
      }
    }
  }

  return {
    async get(id: string): Promise<Application | undefined> {
      const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (await withSecrets([row]))[0];
    },

    async getByAppId(appId: string): Promise<Application | undefined> {
      const row = await db.selectFrom('applications').selectAll().where('app_id', '=', appId).executeTakeFirst();
      return row && (await withSecrets([row]))[0];
    },

    async list(refine: (q: ApplicationQuery) => ApplicationQuery = (q) => q.orderBy('display_name')) {
      return withSecrets(await refine(db.selectFrom('applications').selectAll()).execute());
    },

    /** Creates an app registration; `appId` is fixed only for built-ins such as the management API. */
    async create(input: ApplicationCreate, fixed: { appId?: string } = {}): Promise<Application> {
      const data = dataOf(input, emptyApplicationData());
      await assertIdentifierUrisFree(data.identifierUris);
      const row: ApplicationRow = {
        id: newId(),
        app_id: fixed.appId ?? newId(),
        display_name: input.displayName,
        sign_in_audience: input.signInAudience,
        data: JSON.stringify(data),
        created_date_time: nowIso(),
      };
      await db.insertInto('applications').values(row).execute();
      return toGraphApplication(row, []);
    },

    async update(id: string, patch: ApplicationUpdate): Promise<{ before: Application; after: Application }> {
      const row = await requireRow(id);
      const [before] = await withSecrets([row]);
      const data = dataOf(patch, { ...emptyApplicationData(), ...parseJson<Partial<ApplicationData>>(row.data, {}) });
      if (patch.identifierUris) await assertIdentifierUrisFree(data.identifierUris, id);
      const next: ApplicationRow = {
        ...row,
        display_name: patch.displayName ?? row.display_name,
        data: JSON.stringify(data),
      };
      await db.updateTable('applications')
        .set({ display_name: next.display_name, data: next.data }).where('id', '=', id).execute();
      await syncServicePrincipal(row.app_id, data, next.display_name);
      const [after] = await withSecrets([next]);
      return { before: before!, after: after! };
    },

    /** Deleting an app registration removes its service principal too, as in Entra. */
    async delete(id: string): Promise<Application> {
      const row = await requireRow(id);
      const [app] = await withSecrets([row]);
      const sp = await db.selectFrom('service_principals').select('id').where('app_id', '=', row.app_id).executeTakeFirst();
      if (sp) {
        await db.deleteFrom('app_role_assignments').where((e) => e.or([e('principal_id', '=', sp.id), e('resource_id', '=', sp.id)])).execute();
        await db.deleteFrom('oauth2_permission_grants').where((e) => e.or([e('client_id', '=', sp.id), e('resource_id', '=', sp.id)])).execute();
        await db.deleteFrom('role_assignments').where('principal_id', '=', sp.id).execute();
        await db.deleteFrom('group_members').where('member_id', '=', sp.id).execute();
        await db.deleteFrom('object_links').where((e) => e.or([e('object_id', '=', sp.id), e('linked_id', '=', sp.id)])).execute();
        await db.deleteFrom('service_principals').where('id', '=', sp.id).execute();
      }
      await db.deleteFrom('object_links').where('object_id', '=', id).execute();
      await db.deleteFrom('applications').where('id', '=', id).execute();
      return app!;
    },

    /**
     * Graph's addPassword: the only response that ever contains the secret. `generated` is for
     * dynamic client registration (RFC 7591), whose secret oidc-provider hands out itself; it must
     * come from generateClientSecret too (256 random bits: one SHA-256 is a safe verifier).
     */
    async addPassword(
      id: string,
      input: { displayName?: string | null; endDateTime?: string | null; startDateTime?: string | null },
      generated: { secret: string; hint: string; hash: string } = generateClientSecret(),
    ): Promise<PasswordCredential> {
      await requireRow(id);
      const start = input.startDateTime ? new Date(input.startDateTime) : new Date();
      const end = input.endDateTime
        ? new Date(input.endDateTime)
        : new Date(start.getTime() + secretLifetimeDefaultDays * 86_400_000);
      if (end <= start) throw new DirectoryError('invalid', 'endDateTime must be after startDateTime.');
      if (end.getTime() - start.getTime() > secretLifetimeMaxDays * 86_400_000) {
        throw new DirectoryError('invalid', `A client secret may live at most ${secretLifetimeMaxDays} days.`);
      }
      const { secret, hint, hash } = generated;
      const row = {
        key_id: newId(),
        application_id: id,
        display_name: input.displayName ?? null,
        hint,
        secret_hash: hash,
        start_date_time: start.toISOString(),
        end_date_time: end.toISOString(),
      };
      await db.insertInto('application_secrets').values(row).execute();
      return { ...toPasswordCredential(row), secretText: secret };
    },

    async removePassword(id: string, keyId: string): Promise<void> {
      await requireRow(id);
      const r = await db.deleteFrom('application_secrets')
        .where('application_id', '=', id).where('key_id', '=', keyId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) {
        throw new DirectoryError('notFound', `No password credential with keyId '${keyId}' on application '${id}'.`);
      }
    },

    async listFederatedCredentials(id: string): Promise<FederatedIdentityCredential[]> {
      await requireRow(id);
      const rows = await db.selectFrom('federated_identity_credentials').selectAll()
        .where('application_id', '=', id).orderBy('name').execute();
      return rows.map(toFederatedIdentityCredential);
    },

    /** Graph addresses a federated credential by id or by name. */
    async getFederatedCredential(id: string, idOrName: string): Promise<FederatedIdentityCredential | undefined> {
      const rows = await db.selectFrom('federated_identity_credentials').selectAll()
        .where('application_id', '=', id)
        .where((e) => e.or([e('id', '=', idOrName), e('name', '=', idOrName)])).execute();
      return rows[0] && toFederatedIdentityCredential(rows[0]);
    },

    async addFederatedCredential(id: string, input: FederatedIdentityCredentialCreate): Promise<FederatedIdentityCredential> {
      const existing = await this.listFederatedCredentials(id);
      if (existing.some((c) => c.name === input.name)) {
        throw new DirectoryError('conflict', `A federated identity credential named '${input.name}' already exists on this application.`);
      }
      if (existing.some((c) => c.issuer === input.issuer && c.subject === input.subject)) {
        throw new DirectoryError('conflict', 'A federated identity credential with this issuer and subject already exists on this application.');
      }
      if (existing.length >= maxFederatedCredentialsPerApp) {
        throw new DirectoryError('invalid', `An application can have at most ${maxFederatedCredentialsPerApp} federated identity credentials.`);
      }
      const row = {
        id: newId(),
        application_id: id,
        name: input.name,
        issuer: input.issuer,
        subject: input.subject,
        audiences: JSON.stringify(input.audiences),
        description: input.description ?? null,
      };
      await db.insertInto('federated_identity_credentials').values(row).execute();
      return toFederatedIdentityCredential(row);
    },

    async updateFederatedCredential(
      id: string,
      idOrName: string,
      patch: FederatedIdentityCredentialUpdate,
    ): Promise<{ before: FederatedIdentityCredential; after: FederatedIdentityCredential }> {
      const before = await this.getFederatedCredential(id, idOrName);
      if (!before) throw new DirectoryError('notFound', `Federated identity credential '${idOrName}' does not exist.`);
      const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as FederatedIdentityCredential;
      await db.updateTable('federated_identity_credentials')
        .set({ issuer: after.issuer, subject: after.subject, audiences: JSON.stringify(after.audiences), description: after.description })
        .where('id', '=', before.id).execute();
      return { before, after };
    },

    async removeFederatedCredential(id: string, idOrName: string): Promise<FederatedIdentityCredential> {
      const credential = await this.getFederatedCredential(id, idOrName);
      if (!credential) throw new DirectoryError('notFound', `Federated identity credential '${idOrName}' does not exist.`);
      await db.deleteFrom('federated_identity_credentials').where('id', '=', credential.id).execute();
      return credential;
    },

    /** Hashes of the secrets valid now, for client authentication at the token endpoint. */
    async activeSecretHashes(appId: string, at = new Date()): Promise<string[]> {
      return activeHashes(await this.secretHashes(appId), at);
    },

    /** Every secret's hash with its validity window, so a cached copy can be filtered by time. */
    async secretHashes(appId: string): Promise<SecretHash[]> {
      const rows = await db.selectFrom('application_secrets')
        .innerJoin('applications', 'applications.id', 'application_secrets.application_id')
        .select(['application_secrets.secret_hash', 'application_secrets.start_date_time', 'application_secrets.end_date_time'])
        .where('applications.app_id', '=', appId)
        .execute();
      return rows.map((r) => ({ hash: r.secret_hash, start: r.start_date_time, end: r.end_date_time }));
    },
  };
}

export interface SecretHash {
  hash: string;
  /** ISO 8601 validity window: valid from `start`, until before `end`. */
  start: string;
  end: string;
}

/** The hashes of secrets valid at `at`. */
export function activeHashes(secrets: readonly SecretHash[], at = new Date()): string[] {
  const now = at.toISOString();
  return secrets.filter((s) => s.start <= now && s.end > now).map((s) => s.hash);
}

export type ApplicationsRepository = ReturnType<typeof createApplicationsRepository>;
