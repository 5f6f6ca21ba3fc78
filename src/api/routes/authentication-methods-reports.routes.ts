/**
 * Graph's authentication methods registration reports under `/reports/authenticationMethods`:
 * userRegistrationDetails (one row per enabled user: methods registered, MFA and passwordless
 * capability, admin or not), and the usersRegisteredByFeature and usersRegisteredByMethod
 * counts. Computed live from the stored methods (src/authn/registration-details.ts), with one
 * query per table; filters and paging run over the rows in memory.
 * @see https://learn.microsoft.com/graph/api/resources/userregistrationdetails
 */
import { z } from 'zod';
import {
  featureSummary, includedUserRoles, includedUserTypes, loadRegistrationRows, methodSummary,
  type IncludedUserRoles, type IncludedUserTypes, type SummaryScope,
} from '../../authn/index.ts';
import type { FieldMap, FieldSpec, FieldType } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { authenticationMethodsReportRoles, Permission } from '../permissions.ts';
import { contextUrl, entityBody, entityQuery, entitySelect, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import type { GraphDeps } from './graph-deps.ts';

const tags = ['reports'];
/** Graph: AuditLog.Read.All, and for a person one of Reports Reader, Security Reader, Security Administrator, Global Reader. */
const auth = { ...requires(Permission.AuditLogReadAll), onlyDirectoryRoles: authenticationMethodsReportRoles };
const base = '/reports/authenticationMethods';
const fragment = 'reports/authenticationMethods/userRegistrationDetails';
const entityType = 'microsoft.graph.userRegistrationDetails';

/** In memory: the column is unused. Graph sorts on the two names only. */
const field = (type: FieldType, more: Partial<FieldSpec> = {}): FieldSpec => ({ column: 'unused', type, sortable: false, ...more });
const flag = field('boolean');
export const userRegistrationDetailsFields: FieldMap = {
  id: field('guid'),
  userPrincipalName: field('string', { caseInsensitive: true, sortable: true, functions: ['startswith'] }),
  userDisplayName: field('string', { caseInsensitive: true, sortable: true, functions: ['startswith'] }),
  userType: field('string'),
  isAdmin: flag,
  isMfaRegistered: flag,
  isMfaCapable: flag,
  isPasswordlessCapable: flag,
  isSsprRegistered: flag,
  isSsprEnabled: flag,
  isSsprCapable: flag,
  isSystemPreferredAuthenticationMethodEnabled: flag,
  methodsRegistered: field('stringCollection'),
  systemPreferredAuthenticationMethods: field('stringCollection'),
  userPreferredMethodForSecondaryAuthentication: field('string'),
  lastUpdatedDateTime: field('dateTime', { filterable: false }),
};

const listOptions = { fields: userRegistrationDetailsFields, entityType };

/** `includedUserTypes='member',includedUserRoles='admin'`: Graph's function parameters. */
const functionArgs = z.object({ args: z.string().max(200) });

/** The scope a function call names; a missing parameter means `all`, an unknown one is refused. */
export function parseSummaryScope(args: string | undefined): SummaryScope {
  const scope: SummaryScope = { userTypes: 'all', userRoles: 'all' };
  if (args === undefined || args.trim() === '') return scope;
  for (const part of args.split(',')) {
    const match = /^\s*(\w+)\s*=\s*(?:'([^']*)'|(\w+))\s*$/.exec(part);
    if (!match) throw invalidArgs(`'${part.slice(0, 60)}' is not a parameter; write name='value'.`);
    const [, name, quoted, bare] = match;
    const value = quoted ?? bare ?? '';
    if (name === 'includedUserTypes') scope.userTypes = oneOf(name, value, includedUserTypes) as IncludedUserTypes;
    else if (name === 'includedUserRoles') scope.userRoles = oneOf(name, value, includedUserRoles) as IncludedUserRoles;
    else throw invalidArgs(`Unknown parameter '${name!.slice(0, 60)}'; the parameters are includedUserTypes and includedUserRoles.`);
  }
  return scope;
}

function oneOf(name: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) {
    throw invalidArgs(`'${value.slice(0, 60)}' is not a value of ${name}; use one of ${allowed.join(', ')}.`);
  }
  return value;
}

const invalidArgs = (message: string) => new ApiError('BadRequest', `Invalid function parameters: ${message}`);

export function authenticationMethodsReportRoutes(router: ApiRouter, deps: GraphDeps): void {
  const rows = (userId?: string) => loadRegistrationRows(deps.db, new Date(), userId);

  defineRoute(
    router,
    {
      method: 'GET', path: `${base}/userRegistrationDetails`, summary: 'List userRegistrationDetails', tags, auth,
      description: 'Each enabled user: the methods registered (passKeyDeviceBound, passKeySynced, softwareOneTimePasscode, ' +
        'temporaryAccessPass), isMfaRegistered (a passkey or an authenticator app), isMfaCapable and isPasswordlessCapable ' +
        '(such a method the method policies allow the user), isAdmin (any directory role). `$filter` on the flags, userType, ' +
        "the names (eq, startswith) and `methodsRegistered/any(m: m eq 'passKeySynced')`; `$orderby` userPrincipalName or userDisplayName.",
      listQuery: listOptions, status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const details = (await rows()).map((r) => r.details);
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, details, userRegistrationDetailsFields);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: `${base}/userRegistrationDetails/:id`, summary: 'Get userRegistrationDetails', tags, auth,
      params: z.object({ id: z.string().min(1).max(64) }), query: entityQuery, status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const [row] = await rows(params.id.toLowerCase());
      if (!row) throw notFound(params.id);
      return entityBody(deps, fragment, row.details, entitySelect(query, userRegistrationDetailsFields, entityType));
    },
  );

  const summaries = [
    {
      name: 'usersRegisteredByFeature', type: 'userRegistrationFeatureSummary',
      summary: 'Count users capable of MFA and passwordless sign-in',
      build: featureSummary,
    },
    {
      name: 'usersRegisteredByMethod', type: 'userRegistrationMethodSummary',
      summary: 'Count users registered for each authentication method',
      build: methodSummary,
    },
  ] as const;
  for (const s of summaries) {
    const answer = async (args: string | undefined) => {
      const scope = parseSummaryScope(args);
      return {
        '@odata.context': contextUrl(deps, `microsoft.graph.${s.type}`),
        '@odata.type': `#microsoft.graph.${s.type}`,
        ...s.build(await rows(), scope),
      };
    };
    const description = "Graph's function: `" + s.name + "(includedUserTypes='all',includedUserRoles='all')`; " +
      'includedUserTypes is all, member or guest; includedUserRoles is all, privilegedAdmin, admin (any directory role) or user (none). ' +
      'Without parameters, all users.';
    defineRoute(
      router,
      { method: 'GET', path: `${base}/${s.name}`, summary: s.summary, description, tags, auth, status: [200, 403] },
      async () => answer(undefined),
    );
    defineRoute(
      router,
      { method: 'GET', path: `${base}/${s.name}\\(:args\\)`, summary: s.summary, description, tags, auth, params: functionArgs, status: [200, 400, 403] },
      async ({ params }) => answer(params.args),
    );
  }
}
