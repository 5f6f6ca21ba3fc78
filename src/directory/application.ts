import { z } from 'zod';
import type { ApplicationRow, ApplicationSecretRow } from '../store/index.ts';
import { DirectoryError } from './directory-error.ts';
import { parseJson } from './json.ts';
import { certificateThumbprint, keyCredentialSchema, type KeyCredential } from './key-credential.ts';
import type { AppRole, PermissionScope } from './management-api.ts';
import { publicClientRedirectUri, spaRedirectUri, webRedirectUri } from './redirect-uri.ts';

/** Graph's passwordCredential; `secretText` is filled only in the addPassword response. */
export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  secretText: string | null;
}

const guid = z.uuid();
const uris = (item: z.ZodType<string>) => z.array(item).max(256);

const appRoleSchema = z.strictObject({
  id: guid,
  value: z.string().min(1).max(120).regex(/^[^\s]+$/, 'must not contain spaces'),
  displayName: z.string().max(100),
  description: z.string().max(1000).default(''),
  allowedMemberTypes: z.array(z.enum(['User', 'Application'])).min(1),
  isEnabled: z.boolean().default(true),
  origin: z.string().optional(),
});

const scopeSchema = z.strictObject({
  id: guid,
  value: z.string().min(1).max(120).regex(/^[^\s]+$/, 'must not contain spaces'),
  adminConsentDisplayName: z.string().max(256),
  adminConsentDescription: z.string().max(1024).default(''),
  userConsentDisplayName: z.string().max(256).nullable().optional(),
  userConsentDescription: z.string().max(1024).nullable().optional(),
  type: z.enum(['Admin', 'User']).default('User'),
  isEnabled: z.boolean().default(true),
});

const applicationData = {
  description: z.string().max(1024).nullable(),
  identifierUris: uris(z.string().min(1).max(256).regex(/^(api|https?|urn):/, 'must start with api://, https:// or urn:')),
  web: z.strictObject({
    redirectUris: uris(webRedirectUri).default([]),
    logoutUrl: webRedirectUri.nullable().optional(),
    homePageUrl: z.url({ protocol: /^https?$/ }).max(256).nullable().optional(),
  }),
  spa: z.strictObject({ redirectUris: uris(spaRedirectUri).default([]) }),
  publicClient: z.strictObject({ redirectUris: uris(publicClientRedirectUri).default([]) }),
  isFallbackPublicClient: z.boolean(),
  api: z.strictObject({
    oauth2PermissionScopes: z.array(scopeSchema).max(100).default([]),
    requestedAccessTokenVersion: z.literal(2).nullable().optional(),
  }),
  appRoles: z.array(appRoleSchema).max(100).superRefine((roles, ctx) => {
    for (const name of ['id', 'value'] as const) {
      const dupe = roles.find((r, i) => roles.findIndex((o) => o[name] === r[name]) !== i);
      if (dupe) ctx.addIssue({ code: 'custom', message: `two app roles have the ${name} '${dupe[name]}'` });
    }
  }),
  requiredResourceAccess: z.array(
    z.strictObject({
      resourceAppId: z.string().min(1).max(100),
      resourceAccess: z.array(z.strictObject({ id: guid, type: z.enum(['Scope', 'Role']) })).max(400),
    }),
  ).max(50),
  keyCredentials: z.array(keyCredentialSchema).max(20),
  tags: z.array(z.string().max(256)).max(50),
};

export const applicationCreateSchema = z.strictObject({
  displayName: z.string().min(1).max(256),
  signInAudience: z.literal('AzureADMyOrg', 'only single-tenant applications (AzureADMyOrg) are supported').default('AzureADMyOrg'),
  ...Object.fromEntries(Object.entries(applicationData).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof applicationData]: z.ZodOptional<(typeof applicationData)[K]>;
  },
});
export type ApplicationCreate = z.infer<typeof applicationCreateSchema>;

export const applicationUpdateSchema = applicationCreateSchema.partial();
export type ApplicationUpdate = z.infer<typeof applicationUpdateSchema>;

export type { KeyCredential } from './key-credential.ts';

/**
 * Entra removes an app role or a delegated scope only once it is disabled: sign-ins, assignments
 * and grants may still rely on an enabled one, and disabling first gives admins a step to notice.
 */
export function assertEnabledNotRemoved(
  property: 'appRoles' | 'api.oauth2PermissionScopes',
  before: ReadonlyArray<{ id: string; value: string; isEnabled: boolean }>,
  after: ReadonlyArray<{ id: string }>,
): void {
  const removed = before.filter((r) => r.isEnabled && !after.some((a) => a.id === r.id));
  if (removed.length === 0) return;
  const names = removed.map((r) => `'${r.value}'`).join(', ');
  const noun = property === 'appRoles' ? 'app role' : 'scope';
  throw new DirectoryError('invalid',
    `${property}: ${removed.length === 1 ? `the ${noun} ${names} is` : `the ${noun}s ${names} are`} enabled; ` +
    'set isEnabled to false in one update, then remove it in another.');
}

/** The JSON kept in applications.data: everything but the indexed columns. */
export interface ApplicationData {
  description: string | null;
  identifierUris: string[];
  web: { redirectUris: string[]; logoutUrl?: string | null; homePageUrl?: string | null };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  isFallbackPublicClient: boolean;
  api: { oauth2PermissionScopes: PermissionScope[]; requestedAccessTokenVersion?: 2 | null };
  appRoles: AppRole[];
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: 'Scope' | 'Role' }> }>;
  keyCredentials: KeyCredential[];
  tags: string[];
}

export const emptyApplicationData = (): ApplicationData => ({
  description: null,
  identifierUris: [],
  web: { redirectUris: [] },
  spa: { redirectUris: [] },
  publicClient: { redirectUris: [] },
  isFallbackPublicClient: false,
  api: { oauth2PermissionScopes: [] },
  appRoles: [],
  requiredResourceAccess: [],
  keyCredentials: [],
  tags: [],
});

export interface Application extends ApplicationData {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  createdDateTime: string;
  passwordCredentials: PasswordCredential[];
}

export function toPasswordCredential(row: ApplicationSecretRow): PasswordCredential {
  return {
    keyId: row.key_id,
    displayName: row.display_name,
    hint: row.hint,
    startDateTime: row.start_date_time,
    endDateTime: row.end_date_time,
    secretText: null,
  };
}

export function toGraphApplication(row: ApplicationRow, secrets: ApplicationSecretRow[]): Application {
  const data = { ...emptyApplicationData(), ...parseJson<Partial<ApplicationData>>(row.data, {}) };
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    signInAudience: row.sign_in_audience,
    createdDateTime: row.created_date_time,
    ...data,
    keyCredentials: data.keyCredentials.map(withThumbprint),
    passwordCredentials: secrets.map(toPasswordCredential),
  };
}

/** Certificates stored before Limen derived thumbprints get theirs when read. */
function withThumbprint(key: KeyCredential): KeyCredential {
  if (key.customKeyIdentifier || !key.key) return key;
  try {
    return { ...key, customKeyIdentifier: certificateThumbprint(key.key) };
  } catch {
    return key;
  }
}

export const applicationColumns = {
  id: 'id',
  appId: 'app_id',
  displayName: 'display_name',
  signInAudience: 'sign_in_audience',
  createdDateTime: 'created_date_time',
} as const satisfies Partial<Record<keyof Application, keyof ApplicationRow>>;
