import type { SelectQueryBuilder } from 'kysely';
import type { AgentIdentityRow, Db, ServicePrincipalRow, Tables } from '../store/index.ts';
import {
  agentServicePrincipalType,
  toAgentIdentity,
  type AgentIdentity,
  type AgentIdentityUpdate,
} from './agent-identity.ts';
import { permissionsOfAgents, type AgentPermission } from './agent-permissions.ts';
import type { CustomSecurityAttributes } from './custom-security-attributes.ts';
import { DirectoryError } from './directory-error.ts';
import { fromBool } from './json.ts';
import { toGraphServicePrincipal } from './service-principal.ts';
import { createServicePrincipalsRepository } from './service-principals.repository.ts';
import { newId, nowIso } from './stable-id.ts';

type AgentColumns = Pick<AgentIdentityRow, 'blueprint_app_id' | 'created_by_app_id' | 'last_sign_in_date_time' | 'custom_security_attributes'>;
export type AgentIdentityQuery = SelectQueryBuilder<Tables, 'service_principals' | 'agent_identities', ServicePrincipalRow & AgentColumns>;

/** An agent identity as it is created: the blueprint is named by appId. */
export interface NewAgentIdentity {
  displayName: string;
  blueprintAppId: string;
  accountEnabled: boolean;
  tags: string[];
  customSecurityAttributes?: CustomSecurityAttributes | null | undefined;
}

/** Agent identities: service principals of type ServiceIdentity, with their agent row. */
export function createAgentIdentitiesRepository(db: Db) {
  const servicePrincipals = createServicePrincipalsRepository(db);

  /** Service principals joined with their agent rows: agent identities only. */
  const joined = (): AgentIdentityQuery => db.selectFrom('service_principals')
    .innerJoin('agent_identities', 'agent_identities.id', 'service_principals.id')
    .selectAll('service_principals')
    .select(['agent_identities.blueprint_app_id', 'agent_identities.created_by_app_id',
      'agent_identities.last_sign_in_date_time', 'agent_identities.custom_security_attributes']);

  const fromRow = (row: ServicePrincipalRow & AgentColumns) => toAgentIdentity(toGraphServicePrincipal(row), row);

  async function get(id: string): Promise<AgentIdentity | undefined> {
    const row = await joined().where('service_principals.id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  return {
    get,

    async getByAppId(appId: string): Promise<AgentIdentity | undefined> {
      const row = await joined().where('service_principals.app_id', '=', appId).executeTakeFirst();
      return row && fromRow(row);
    },

    /** The base query, for an OData list (filter and order on the joined columns) or a count. */
    query: joined,

    async list(refine: (q: AgentIdentityQuery) => AgentIdentityQuery = (q) => q.orderBy('service_principals.display_name')): Promise<AgentIdentity[]> {
      return (await refine(joined()).execute()).map(fromRow);
    },

    async listByBlueprint(blueprintAppId: string): Promise<AgentIdentity[]> {
      return this.list((q) => q.where('agent_identities.blueprint_app_id', '=', blueprintAppId).orderBy('service_principals.display_name'));
    },

    /** Every permission of each agent with its source (agent-permissions.ts), by agent id. */
    permissionsOf(agents: ReadonlyArray<Pick<AgentIdentity, 'id' | 'agentIdentityBlueprintId'>>): Promise<Map<string, AgentPermission[]>> {
      return permissionsOfAgents(db, agents);
    },

    /** Which of these service principal ids are agent identities. */
    async agentIds(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('agent_identities').select('id').where('id', 'in', [...ids]).execute();
      return new Set(rows.map((r) => r.id));
    },

    /**
     * Creates an agent identity from a blueprint: its own object id and appId (the client id its
     * token requests will carry), no credentials, no application of its own.
     */
    async create(input: NewAgentIdentity, createdByAppId: string | null): Promise<AgentIdentity> {
      const blueprint = await db.selectFrom('agent_identity_blueprints').select('app_id')
        .where('app_id', '=', input.blueprintAppId).executeTakeFirst();
      if (!blueprint) {
        throw new DirectoryError('invalid', `Invalid value for property 'agentIdentityBlueprintId': no agent identity blueprint has appId '${input.blueprintAppId}'.`);
      }
      const principal = await servicePrincipals.getByAppId(blueprint.app_id);
      if (!principal) {
        throw new DirectoryError('invalid', `The agent identity blueprint '${blueprint.app_id}' has no blueprint principal in this tenant; create it first (POST /servicePrincipals with its appId).`);
      }
      const appId = newId();
      const sp: ServicePrincipalRow = {
        id: newId(),
        app_id: appId,
        display_name: input.displayName,
        account_enabled: fromBool(input.accountEnabled),
        app_role_assignment_required: 0,
        service_principal_type: agentServicePrincipalType,
        data: JSON.stringify({ servicePrincipalNames: [appId], appRoles: [], oauth2PermissionScopes: [], tags: input.tags }),
        created_date_time: nowIso(),
      };
      const agent: AgentIdentityRow = {
        id: sp.id,
        blueprint_app_id: blueprint.app_id,
        created_by_app_id: createdByAppId,
        last_sign_in_date_time: null,
        custom_security_attributes: input.customSecurityAttributes ? JSON.stringify(input.customSecurityAttributes) : null,
      };
      await db.insertInto('service_principals').values(sp).execute();
      await db.insertInto('agent_identities').values(agent).execute();
      return toAgentIdentity(toGraphServicePrincipal(sp), agent);
    },

    async update(id: string, patch: AgentIdentityUpdate): Promise<{ before: AgentIdentity; after: AgentIdentity }> {
      const before = await get(id);
      if (!before) throw new DirectoryError('notFound', `Agent identity '${id}' does not exist.`);
      const { customSecurityAttributes, ...base } = patch;
      await servicePrincipals.update(id, base);
      if (customSecurityAttributes !== undefined) {
        await db.updateTable('agent_identities')
          .set({ custom_security_attributes: customSecurityAttributes ? JSON.stringify(customSecurityAttributes) : null })
          .where('id', '=', id).execute();
      }
      return { before, after: (await get(id))! };
    },

    /**
     * Records a token issued to the agent (Graph's lastSignInDateTime). For the token flows:
     * call it with the agent's appId, the client id of the request.
     */
    async recordSignIn(appId: string, at: Date = new Date()): Promise<void> {
      await db.updateTable('agent_identities').set({ last_sign_in_date_time: at.toISOString() })
        .where('id', 'in', db.selectFrom('service_principals').select('id').where('app_id', '=', appId)).execute();
    },
  };
}

export type AgentIdentitiesRepository = ReturnType<typeof createAgentIdentitiesRepository>;
