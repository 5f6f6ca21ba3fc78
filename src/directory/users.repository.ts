import type { SelectQueryBuilder } from 'kysely';
import type { Db, Tables, UserRow } from '../store/index.ts';
import { DirectoryError } from './directory-error.ts';
import { fromBool } from './json.ts';
import { isGuid, newId, nowIso } from './stable-id.ts';
import { toGraphUser, type User, type UserCreate, type UserUpdate } from './user.ts';

export type UserQuery = SelectQueryBuilder<Tables, 'users', UserRow>;

/** What sign-in needs to know of a user, and nothing the API may show. */
export interface UserCredentialRecord {
  user: User;
  passwordHash: string | null;
}


export function createUsersRepository(db: Db) {
  const byKey = (key: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where(isGuid(key) ? 'id' : 'upn_lower', '=', key.toLowerCase());

  async function assertUpnFree(upn: string, exceptId?: string): Promise<void> {
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('upn_lower', '=', upn.toLowerCase())
      .executeTakeFirst();
    if (taken && taken.id !== exceptId) {
      throw new DirectoryError(
        'conflict',
        `Another object with the same value for property userPrincipalName already exists: '${upn}'.`,
      );
    }
  }

  return {
    /** Graph addresses a user by id or by userPrincipalName. */
    async get(idOrUpn: string): Promise<User | undefined> {
      const row = await byKey(idOrUpn).executeTakeFirst();
      return row && toGraphUser(row);
    },

    async getCredentials(idOrUpn: string): Promise<UserCredentialRecord | undefined> {
      const row = await byKey(idOrUpn).executeTakeFirst();
      return row && { user: toGraphUser(row), passwordHash: row.password_hash };
    },

    /** Lists users; `refine` applies filter, order and paging (the OData layer supplies it). */
    async list(refine: (q: UserQuery) => UserQuery = (q) => q.orderBy('display_name')): Promise<User[]> {
      const rows = await refine(db.selectFrom('users').selectAll()).execute();
      return rows.map(toGraphUser);
    },

    async create(input: UserCreate, passwordHash: string | null = null): Promise<User> {
      await assertUpnFree(input.userPrincipalName);
      const now = nowIso();
      const row: UserRow = {
        id: newId(),
        user_principal_name: input.userPrincipalName,
        upn_lower: input.userPrincipalName.toLowerCase(),
        display_name: input.displayName,
        given_name: input.givenName ?? null,
        surname: input.surname ?? null,
        mail: input.mail ?? null,
        account_enabled: fromBool(input.accountEnabled),
        user_type: input.userType,
        job_title: input.jobTitle ?? null,
        department: input.department ?? null,
        employee_id: input.employeeId ?? null,
        employee_hire_date: input.employeeHireDate ?? null,
        employee_leave_date_time: input.employeeLeaveDateTime ?? null,
        manager_id: null,
        usage_location: input.usageLocation ?? null,
        created_date_time: now,
        sign_in_sessions_valid_from: now,
        custom_security_attributes: input.customSecurityAttributes
          ? JSON.stringify(input.customSecurityAttributes)
          : null,
        password_hash: passwordHash,
      };
      await db.insertInto('users').values(row).execute();
      return toGraphUser(row);
    },

    /** Applies a Graph PATCH; returns both versions so the caller can audit what changed. */
    async update(
      idOrUpn: string,
      patch: Omit<UserUpdate, 'passwordProfile' | 'mailNickname'>,
    ): Promise<{ before: User; after: User }> {
      const row = await byKey(idOrUpn).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `User '${idOrUpn}' does not exist.`);
      if (patch.userPrincipalName !== undefined) await assertUpnFree(patch.userPrincipalName, row.id);
      const set: Partial<UserRow> = {};
      if (patch.userPrincipalName !== undefined) {
        set.user_principal_name = patch.userPrincipalName;
        set.upn_lower = patch.userPrincipalName.toLowerCase();
      }
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.givenName !== undefined) set.given_name = patch.givenName;
      if (patch.surname !== undefined) set.surname = patch.surname;
      if (patch.mail !== undefined) set.mail = patch.mail;
      if (patch.accountEnabled !== undefined) set.account_enabled = fromBool(patch.accountEnabled);
      if (patch.userType !== undefined) set.user_type = patch.userType;
      if (patch.jobTitle !== undefined) set.job_title = patch.jobTitle;
      if (patch.department !== undefined) set.department = patch.department;
      if (patch.employeeId !== undefined) set.employee_id = patch.employeeId;
      if (patch.employeeHireDate !== undefined) set.employee_hire_date = patch.employeeHireDate;
      if (patch.employeeLeaveDateTime !== undefined) {
        set.employee_leave_date_time = patch.employeeLeaveDateTime;
      }
      if (patch.usageLocation !== undefined) set.usage_location = patch.usageLocation;
      if (patch.customSecurityAttributes !== undefined) {
        set.custom_security_attributes = patch.customSecurityAttributes
          ? JSON.stringify(patch.customSecurityAttributes)
          : null;
      }
      const next = { ...row, ...set };
      if (Object.keys(set).length > 0) {
        await db.updateTable('users').set(set).where('id', '=', row.id).execute();
      }
      return { before: toGraphUser(row), after: toGraphUser(next) };
    },

    async setPasswordHash(id: string, passwordHash: string | null): Promise<void> {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },

    /**
     * Graph's revokeSignInSessions: every session and refresh token issued before now stops
     * working (the oidc context compares their issue time with this value).
     */
    async revokeSignInSessions(id: string): Promise<string> {
      // Strictly after any token issued in this same second, since token `iat` has 1 s resolution.
      const validFrom = new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString();
      await db
        .updateTable('users')
        .set({ sign_in_sessions_valid_from: validFrom })
        .where('id', '=', id)
        .execute();
      return validFrom;
    },

    async delete(idOrUpn: string): Promise<User> {
      const row = await byKey(idOrUpn).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `User '${idOrUpn}' does not exist.`);
      await db.deleteFrom('group_members').where('member_id', '=', row.id).execute();
      await db.deleteFrom('group_owners').where('owner_id', '=', row.id).execute();
      // Owner and sponsor links: an agent left without a sponsor is then listed as sponsorless.
      await db.deleteFrom('object_links').where('linked_id', '=', row.id).execute();
      await db.deleteFrom('role_assignments').where('principal_id', '=', row.id).execute();
      await db.deleteFrom('app_role_assignments').where('principal_id', '=', row.id).execute();
      await db.updateTable('users').set({ manager_id: null }).where('manager_id', '=', row.id).execute();
      await db.deleteFrom('users').where('id', '=', row.id).execute();
      return toGraphUser(row);
    },

    async getManager(id: string): Promise<User | undefined> {
      const row = await byKey(id).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `User '${id}' does not exist.`);
      if (!row.manager_id) return undefined;
      const manager = await byKey(row.manager_id).executeTakeFirst();
      return manager && toGraphUser(manager);
    },

    /** Sets or clears (null) a user's manager; a user cannot manage themself, directly or not. */
    async setManager(id: string, managerId: string | null): Promise<void> {
      const user = await byKey(id).executeTakeFirst();
      if (!user) throw new DirectoryError('notFound', `User '${id}' does not exist.`);
      if (managerId !== null) {
        const manager = await byKey(managerId).executeTakeFirst();
        if (!manager) throw new DirectoryError('notFound', `User '${managerId}' does not exist.`);
        for (let cursor: string | null = manager.id, hops = 0; cursor && hops < 100; hops++) {
          if (cursor === user.id) {
            throw new DirectoryError('invalid', 'A user cannot be their own manager, directly or through others.');
          }
          const next: { manager_id: string | null } | undefined = await db
            .selectFrom('users').select('manager_id').where('id', '=', cursor).executeTakeFirst();
          cursor = next?.manager_id ?? null;
        }
        managerId = manager.id;
      }
      await db.updateTable('users').set({ manager_id: managerId }).where('id', '=', user.id).execute();
    },

    async directReports(id: string): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().where('manager_id', '=', id).execute();
      return rows.map(toGraphUser);
    },

    async count(): Promise<number> {
      const r = await db.selectFrom('users').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
