import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { configOptions } from './defaults.ts';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  LIMEN_PORT: z.coerce.number().int().min(0).max(65535).default(configOptions.port.default),
  LIMEN_HOST: z.string().min(1).default(configOptions.host.default),
  LIMEN_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LIMEN_DATA_DIR: z.string().min(1).default(configOptions.dataDir.default),
  LIMEN_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  LIMEN_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes in base64url (43 characters)')
    .optional(),
  LIMEN_FIDO_METADATA: z.string().min(1).optional(),
  LIMEN_DEMO: boolish.optional(),
  LIMEN_TRUST_PROXY: boolish.optional(),
  LIMEN_SIGNIN_LOG_FLUSH_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(configOptions.signInLogFlushMs.default),
  LIMEN_ACCESS_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(configOptions.accessTokenTtlSeconds.default),
  LIMEN_REFRESH_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(configOptions.refreshTokenTtlSeconds.default),
  LIMEN_DYNAMIC_CLIENT_REGISTRATION: boolish.optional(),
  LIMEN_CLIENT_ID_METADATA_DOCUMENTS: boolish.optional(),
  LIMEN_MAX_SELF_REGISTERED_CLIENTS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(configOptions.maxSelfRegisteredClients.default),
  LIMEN_SELF_REGISTERED_CLIENT_IDLE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .default(configOptions.selfRegisteredClientIdleDays.default),
  LIMEN_SELF_REGISTERED_CLIENT_NEVER_USED_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .default(configOptions.selfRegisteredClientNeverUsedDays.default),
  LIMEN_CLIENT_METADATA_PRIVATE_NETWORK: boolish.optional(),
  LIMEN_FEDERATED_TOKEN_SINGLE_USE: boolish.optional(),
});

export interface LimenConfig {
  port: number;
  host: string;
  /** Issuer and public base URL, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  /** `undefined` means the embedded SQLite file under `dataDir`. */
  databaseUrl: string | undefined;
  masterKey: string | undefined;
  demo: boolean;
  /** Believe X-Forwarded-* headers (behind a TLS-terminating reverse proxy only). */
  trustProxy: boolean;
  signInLogFlushMs: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** FIDO metadata statements file (attestation trust anchors, model names). */
  fidoMetadata: string | undefined;
  /** Open RFC 7591 registration at /reg. */
  dynamicClientRegistration: boolean;
  /** Accept https URLs as client IDs (Client ID Metadata Documents). */
  clientIdMetadataDocuments: boolean;
  /** Cap on applications added by dynamic registration and Client ID Metadata Documents together. */
  maxSelfRegisteredClients: number;
  /** Days without a token after which a self-registered application is deleted; 0 never. */
  selfRegisteredClientIdleDays: number;
  /** Days after registration that a never-used self-registered application is deleted; 0 never. */
  selfRegisteredClientNeverUsedDays: number;
  /** Fetch client documents from loopback and private addresses too (development and tests only). */
  clientMetadataPrivateNetwork: boolean;
  /** Refuse a second use of a federated credential's workload token (same issuer and jti). */
  federatedTokenSingleUse: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once; a bad value fails start with the variable's name and the reason.
 * `overrides` lets tests and the CLI set options without touching `process.env`.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<LimenConfig> = {},
): LimenConfig {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('LIMEN_') && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.LIMEN_PORT;
  const dataDir = overrides.dataDir ?? e.LIMEN_DATA_DIR;
  const publicUrl = (overrides.publicUrl ?? e.LIMEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(
    /\/+$/,
    '',
  );
  return {
    port,
    host: overrides.host ?? e.LIMEN_HOST,
    publicUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : e.LIMEN_DATABASE_URL,
    masterKey: overrides.masterKey ?? e.LIMEN_MASTER_KEY,
    demo: overrides.demo ?? e.LIMEN_DEMO ?? false,
    trustProxy: overrides.trustProxy ?? e.LIMEN_TRUST_PROXY ?? false,
    signInLogFlushMs: overrides.signInLogFlushMs ?? e.LIMEN_SIGNIN_LOG_FLUSH_MS,
    accessTokenTtlSeconds: overrides.accessTokenTtlSeconds ?? e.LIMEN_ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: overrides.refreshTokenTtlSeconds ?? e.LIMEN_REFRESH_TOKEN_TTL,
    fidoMetadata: overrides.fidoMetadata ?? e.LIMEN_FIDO_METADATA,
    dynamicClientRegistration: overrides.dynamicClientRegistration ?? e.LIMEN_DYNAMIC_CLIENT_REGISTRATION ?? configOptions.dynamicClientRegistration.default,
    clientIdMetadataDocuments: overrides.clientIdMetadataDocuments ?? e.LIMEN_CLIENT_ID_METADATA_DOCUMENTS ?? configOptions.clientIdMetadataDocuments.default,
    maxSelfRegisteredClients: overrides.maxSelfRegisteredClients ?? e.LIMEN_MAX_SELF_REGISTERED_CLIENTS,
    selfRegisteredClientIdleDays: overrides.selfRegisteredClientIdleDays ?? e.LIMEN_SELF_REGISTERED_CLIENT_IDLE_DAYS,
    selfRegisteredClientNeverUsedDays: overrides.selfRegisteredClientNeverUsedDays ?? e.LIMEN_SELF_REGISTERED_CLIENT_NEVER_USED_DAYS,
    clientMetadataPrivateNetwork: overrides.clientMetadataPrivateNetwork ?? e.LIMEN_CLIENT_METADATA_PRIVATE_NETWORK ?? false,
    federatedTokenSingleUse: overrides.federatedTokenSingleUse ?? e.LIMEN_FEDERATED_TOKEN_SINGLE_USE ?? configOptions.federatedTokenSingleUse.default,
  };
}
