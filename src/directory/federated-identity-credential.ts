import { z } from 'zod';
import type { FederatedIdentityCredentialRow } from '../store/index.ts';
import { parseJson } from './json.ts';
import { isLoopbackHost } from './redirect-uri.ts';

/**
 * Graph's federatedIdentityCredential: trust in tokens from another issuer (a CI system, a
 * Kubernetes cluster, an agent platform) whose `sub` matches, so a workload can authenticate as
 * the app without any secret (workload identity federation, exchanged with an RFC 7523 client
 * assertion). Entra's limits: 20 per app, names 3–120 characters, one audience.
 */
export interface FederatedIdentityCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export const maxFederatedCredentialsPerApp = 20;

const writable = {
  name: z.string().min(3).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ only, starting with a letter or digit'),
  // The issuer's discovery document is fetched over https when its tokens are checked
  // (oidc/federation/issuer-keys.ts); plain http only for a local development issuer on
  // loopback, which the token endpoint also fetches only when LIMEN_CLIENT_METADATA_PRIVATE_NETWORK is on.
  issuer: z.url({ protocol: /^https?$/ }).max(600)
    .refine((u) => u.startsWith('https:') || isLoopbackHost(new URL(u).hostname), 'the issuer must be an https URL (http only for localhost)'),
  subject: z.string().min(1).max(600).regex(/^[^*]+$/, 'must be exact: wildcards are not allowed'),
  audiences: z.array(z.string().min(1).max(600)).length(1, 'exactly one audience, usually api://AzureADTokenExchange'),
  description: z.string().max(600).nullable(),
};

export const federatedIdentityCredentialCreateSchema = z.strictObject({
  ...writable,
  audiences: writable.audiences.default(['api://AzureADTokenExchange']),
  description: writable.description.optional(),
});
export type FederatedIdentityCredentialCreate = z.infer<typeof federatedIdentityCredentialCreateSchema>;

/** Graph allows changing everything but the name. */
export const federatedIdentityCredentialUpdateSchema = z
  .strictObject({ issuer: writable.issuer, subject: writable.subject, audiences: writable.audiences, description: writable.description })
  .partial();
export type FederatedIdentityCredentialUpdate = z.infer<typeof federatedIdentityCredentialUpdateSchema>;

export const toFederatedIdentityCredential = (r: FederatedIdentityCredentialRow): FederatedIdentityCredential => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  subject: r.subject,
  audiences: parseJson<string[]>(r.audiences, []),
  description: r.description,
});
