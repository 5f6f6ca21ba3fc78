import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { ApplicationRow, ApplicationSecretRow } from '../store/index.ts';
import { parseJson } from './json.ts';
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

/** A public key for private_key_jwt (RFC 7523): an X.509 certificate, base64 DER, as Graph. */
const keyCredentialSchema = z.strictObject({
  keyId: guid.optional(),
  type: z.literal('AsymmetricX509Cert'),
  usage: z.literal('Verify'),
  key: z.string().min(100).max(16_384).regex(/^[A-Za-z0-9+/=\r\n]+$/, 'must be a base64 DER certificate')
    .superRefine((key, ctx) => {
      // Parsed now, so a certificate that cannot verify client assertions is refused here
      // instead of breaking the client at its next sign-in.
      const problem = certificateProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  displayName: z.string().max(256).nullable().optional(),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
});

/** Why a certificate cannot serve private_key_jwt (RFC 7523), or undefined when it can. */
function certificateProblem(base64: string): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    return 'is not a DER X.509 certificate';
  }
  const key = certificate.publicKey;
  if (key.asymmetricKeyType === 'ec') return undefined;
  if (key.asymmetricKeyType === 'rsa') {
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? undefined : 'RSA keys must have at least 2048 bits';
  }
  return `a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign client assertions here; use EC or RSA`;
}

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
  appRoles: z.array(appRoleSchema).max(100),
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

type KeyCredentialInput = z.infer<typeof keyCredentialSchema>;
export type KeyCredential = Required<Omit<KeyCredentialInput, 'displayName'>> & { displayName: string | null };

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
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    signInAudience: row.sign_in_audience,
    createdDateTime: row.created_date_time,
    ...emptyApplicationData(),
    ...parseJson<Partial<ApplicationData>>(row.data, {}),
    passwordCredentials: secrets.map(toPasswordCredential),
  };
}

export const applicationColumns = {
  id: 'id',
  appId: 'app_id',
  displayName: 'display_name',
  signInAudience: 'sign_in_audience',
  createdDateTime: 'created_date_time',
} as const satisfies Partial<Record<keyof Application, keyof ApplicationRow>>;
