/**
 * Risk in the store: the current risk of each user and service principal that has had any
 * (risky_users, risky_service_principals) and every change to it (risk_history). Narrow on
 * purpose: the API lists and changes risk, the sign-in reads one principal's.
 */
import { timeOrderedId } from '../logs/index.ts';
import type { Db, RiskHistoryRow, RiskyServicePrincipalRow, RiskyUserRow } from '../store/index.ts';
import type {
  IdentityRisk, RiskDetail, RiskLevel, RiskState, RiskyServicePrincipal, RiskyServicePrincipalHistoryItem, RiskyUser, RiskyUserHistoryItem,
} from './risk.ts';

/** Whom a change is about, with the names the risk record keeps. */
export type RiskPrincipal =
  | { kind: 'user'; id: string; displayName: string; userPrincipalName: string }
  | { kind: 'servicePrincipal'; id: string; appId: string; displayName: string; servicePrincipalType: string };

/** Who made a change (an object id; null for Limen itself) and when. */
export interface RiskChangeBy { initiatedBy: string | null; at: Date }

const riskyUsers = (db: Db) => db.selectFrom('risky_users').selectAll('risky_users').select((eb) =>
  eb.selectFrom('users').select('users.id').whereRef('users.id', '=', 'risky_users.id').as('live_id'));
const riskyServicePrincipals = (db: Db) => db.selectFrom('risky_service_principals').selectAll('risky_service_principals').select((eb) =>
  eb.selectFrom('service_principals').select('service_principals.account_enabled')
    .whereRef('service_principals.id', '=', 'risky_service_principals.id').as('account_enabled'));

/** The list query, for the caller's `$filter`, `$orderby` and paging (columns of risky_users). */
export type RiskyUserQuery = ReturnType<typeof riskyUsers>;
export type RiskyServicePrincipalQuery = ReturnType<typeof riskyServicePrincipals>;

export interface RiskRepository {
  listUsers(refine?: (q: RiskyUserQuery) => RiskyUserQuery): Promise<RiskyUser[]>;
  getUser(id: string): Promise<RiskyUser | undefined>;
  /** Oldest first; undefined when the user has no risk record. */
  userHistory(id: string): Promise<RiskyUserHistoryItem[] | undefined>;
  listServicePrincipals(refine?: (q: RiskyServicePrincipalQuery) => RiskyServicePrincipalQuery): Promise<RiskyServicePrincipal[]>;
  getServicePrincipal(id: string): Promise<RiskyServicePrincipal | undefined>;
  servicePrincipalHistory(id: string): Promise<RiskyServicePrincipalHistoryItem[] | undefined>;
  /** The principal's risk now, for Conditional Access and the sign-in log; undefined: never any. */
  riskOf(kind: RiskPrincipal['kind'], id: string): Promise<IdentityRisk | undefined>;
  /** Sets the principal's risk and adds it to the history; returns the risk before. Run it in the audited transaction. */
  setRisk(principal: RiskPrincipal, risk: IdentityRisk, by: RiskChangeBy): Promise<IdentityRisk | undefined>;
}

const riskOfRow = (r: Pick<RiskyUserRow, 'risk_level' | 'risk_state' | 'risk_detail'>): IdentityRisk => ({
  riskLevel: r.risk_level as RiskLevel, riskState: r.risk_state as RiskState, riskDetail: r.risk_detail as RiskDetail,
});

function toRiskyUser(r: RiskyUserRow & { live_id: string | null }): RiskyUser {
  return {
    id: r.id, isDeleted: r.live_id === null, isProcessing: false, riskLastUpdatedDateTime: r.risk_last_updated_date_time,
    ...riskOfRow(r), userDisplayName: r.user_display_name, userPrincipalName: r.user_principal_name,
  };
}

function toRiskyServicePrincipal(r: RiskyServicePrincipalRow & { account_enabled: number | null }): RiskyServicePrincipal {
  return {
    id: r.id, appId: r.app_id, displayName: r.display_name, isEnabled: Number(r.account_enabled) === 1, isProcessing: false,
    riskLastUpdatedDateTime: r.risk_last_updated_date_time, ...riskOfRow(r), servicePrincipalType: r.service_principal_type,
  };
}

/** One history row over the principal's current record: the risk as it became, who changed it, why. */
const historyFields = (h: RiskHistoryRow) => ({
  id: h.id, riskLastUpdatedDateTime: h.risk_last_updated_date_time, ...riskOfRow(h),
  initiatedBy: h.initiated_by, activity: { detail: h.risk_detail as RiskDetail, riskEventTypes: [] },
});

export function createRiskRepository(db: Db): RiskRepository {
  const history = (kind: RiskPrincipal['kind'], id: string) => db.selectFrom('risk_history').selectAll()
    .where('principal_type', '=', kind).where('principal_id', '=', id)
    .orderBy('risk_last_updated_date_time').orderBy('id').execute();

  return {
    async listUsers(refine = (q) => q.orderBy('risky_users.id')) {
      return (await refine(riskyUsers(db)).execute()).map(toRiskyUser);
    },
    async getUser(id) {
      const row = await riskyUsers(db).where('risky_users.id', '=', id).executeTakeFirst();
      return row && toRiskyUser(row);
    },
    async userHistory(id) {
      const current = await this.getUser(id);
      if (!current) return undefined;
      return (await history('user', id)).map((h) => ({ ...current, ...historyFields(h), userId: id }));
    },
    async listServicePrincipals(refine = (q) => q.orderBy('risky_service_principals.id')) {
      return (await refine(riskyServicePrincipals(db)).execute()).map(toRiskyServicePrincipal);
    },
    async getServicePrincipal(id) {
      const row = await riskyServicePrincipals(db).where('risky_service_principals.id', '=', id).executeTakeFirst();
      return row && toRiskyServicePrincipal(row);
    },
    async servicePrincipalHistory(id) {
      const current = await this.getServicePrincipal(id);
      if (!current) return undefined;
      return (await history('servicePrincipal', id)).map((h) => ({ ...current, ...historyFields(h), servicePrincipalId: id }));
    },
    async riskOf(kind, id) {
      const row = kind === 'user'
        ? await db.selectFrom('risky_users').select(['risk_level', 'risk_state', 'risk_detail']).where('id', '=', id).executeTakeFirst()
        : await db.selectFrom('risky_service_principals').select(['risk_level', 'risk_state', 'risk_detail']).where('id', '=', id).executeTakeFirst();
      return row && riskOfRow(row);
    },
    async setRisk(principal, risk, by) {
      const table = principal.kind === 'user' ? 'risky_users' : 'risky_service_principals';
      const before = await db.selectFrom(table).select(['risk_level', 'risk_state', 'risk_detail', 'risk_last_updated_date_time'])
        .where('id', '=', principal.id).executeTakeFirst();
      // Strictly after the previous change, so the history has one order even within a millisecond.
      const previous = before ? Date.parse(before.risk_last_updated_date_time) : Number.NEGATIVE_INFINITY;
      const at = new Date(Math.max(by.at.getTime(), previous + 1));
      const columns = { risk_level: risk.riskLevel, risk_state: risk.riskState, risk_detail: risk.riskDetail, risk_last_updated_date_time: at.toISOString() };
      if (principal.kind === 'user') {
        const row = { ...columns, user_display_name: principal.displayName, user_principal_name: principal.userPrincipalName };
        await db.insertInto('risky_users').values({ id: principal.id, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      } else {
        const row = { ...columns, app_id: principal.appId, display_name: principal.displayName, service_principal_type: principal.servicePrincipalType };
        await db.insertInto('risky_service_principals').values({ id: principal.id, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      }
      await db.insertInto('risk_history').values({
        // Time-ordered, so the history lists in the order of its changes (ids break ties in $orderby).
        id: timeOrderedId(at), principal_type: principal.kind, principal_id: principal.id, initiated_by: by.initiatedBy, ...columns,
      }).execute();
      return before && riskOfRow(before);
    },
  };
}
