/**
 * Every process-level default of Limen, in one place. Each option is read from the environment
 * once at start (see `load-config.ts`) and documented here; docs/reference/config.md is
 * generated from this table, so the comment beside an option is its documentation.
 */
export const configOptions = {
  port: {
    env: 'LIMEN_PORT',
    default: 8080,
    description: 'TCP port the HTTP server listens on.',
  },
  host: {
    env: 'LIMEN_HOST',
    default: '127.0.0.1',
    description:
      'Address to bind. Loopback by default so a first start is never exposed to the network; ' +
      'set `0.0.0.0` behind a reverse proxy or in a container.',
  },
  publicUrl: {
    env: 'LIMEN_PUBLIC_URL',
    default: 'http://localhost:${LIMEN_PORT}',
    description:
      'Public base URL. It is the OpenID issuer, so tokens and discovery carry it; use https in production.',
  },
  dataDir: {
    env: 'LIMEN_DATA_DIR',
    default: './.limen',
    description: 'Folder for the SQLite database and the generated master key.',
  },
  databaseUrl: {
    env: 'LIMEN_DATABASE_URL',
    default: '(unset: SQLite file `limen.db` in the data folder)',
    description: 'A `postgres://` URL to keep everything in PostgreSQL, for more than one process.',
  },
  masterKey: {
    env: 'LIMEN_MASTER_KEY',
    default: '(unset: generated into `<data dir>/master.key`, mode 0600, with a warning)',
    description:
      'Key-encryption key for signing keys, session cookies and device codes at rest: 32 bytes, base64url. ' +
      'Keep it outside the database in production, so a stolen database backup holds no usable key or session.',
  },
  trustProxy: {
    env: 'LIMEN_TRUST_PROXY',
    default: false,
    description:
      'Set when Limen runs behind a reverse proxy that terminates TLS: then X-Forwarded-Proto/-For ' +
      'are believed, so session cookies are marked Secure and logs show the client\'s address. ' +
      'Never set it when clients reach Limen directly: they could forge those headers.',
  },
  demo: {
    env: 'LIMEN_DEMO',
    default: false,
    description: 'Seed a demo nonprofit tenant (about 50 people, groups and apps) on first start.',
  },
  signInLogFlushMs: {
    env: 'LIMEN_SIGNIN_LOG_FLUSH_MS',
    default: 200,
    description:
      'Sign-in events are written in batches at most this many milliseconds apart; a crash can lose ' +
      'at most this window of sign-in events (never an audit record, which is transactional).',
  },
  accessTokenTtlSeconds: {
    env: 'LIMEN_ACCESS_TOKEN_TTL',
    default: 3600,
    description: 'Access token lifetime in seconds (Entra issues 60 to 90 minutes).',
  },
  fidoMetadata: {
    env: 'LIMEN_FIDO_METADATA',
    default: '(unset: no attestation trust anchors beyond the built-in Apple and Android roots)',
    description:
      'Path to a JSON file of FIDO metadata: a list of MDS3 statements, or the payload of an MDS3 BLOB ' +
      '(`{ "entries": [...] }`) you downloaded and checked. Their root certificates make a passkey ' +
      '"attested" and their descriptions name its model; needed for passkey profiles that enforce ' +
      "attestation. A BLOB's status reports also refuse models whose latest status is REVOKED, " +
      'USER_VERIFICATION_BYPASS, ATTESTATION_KEY_COMPROMISE, USER_KEY_REMOTE_COMPROMISE or ' +
      'USER_KEY_PHYSICAL_COMPROMISE, at registration and at every sign-in; a plain list has no status. ' +
      'Read at start; never fetched.',
  },
  refreshTokenTtlSeconds: {
    env: 'LIMEN_REFRESH_TOKEN_TTL',
    default: 14 * 24 * 3600,
    description: "Refresh token lifetime in seconds, renewed by every use, which rotates it (RFC 9700 §4.14). A single-page app's refresh token lives a fixed 24 hours from the sign-in instead, as in Entra.",
  },
  dynamicClientRegistration: {
    env: 'LIMEN_DYNAMIC_CLIENT_REGISTRATION',
    default: true,
    description:
      'Open dynamic client registration (RFC 7591) at `/reg`, which MCP clients use to register themselves. ' +
      'Each registration becomes an application and service principal tagged `limen:dynamicRegistration`, ' +
      'audited, which an administrator can disable or delete. A registered client gets no token without a ' +
      "user's sign-in and consent, and never an app-only one. Set `false` to allow only applications an " +
      'administrator registered (and Client ID Metadata Documents, if on).',
  },
  clientIdMetadataDocuments: {
    env: 'LIMEN_CLIENT_ID_METADATA_DOCUMENTS',
    default: true,
    description:
      'Accept an https URL as `client_id` (OAuth Client ID Metadata Document, the MCP default): Limen fetches ' +
      'the JSON document at that URL (5 KiB at most, 3 s, no redirects, public addresses only), and the first ' +
      'time adds the client as an application tagged `limen:clientIdMetadataDocument`. Disabling its service ' +
      'principal blocks the client. Set `false` to refuse such client IDs.',
  },
  maxSelfRegisteredClients: {
    env: 'LIMEN_MAX_SELF_REGISTERED_CLIENTS',
    default: 1000,
    description:
      'Most applications that dynamic registration and Client ID Metadata Documents may add together; further ' +
      'ones are refused until an administrator deletes some, so anonymous registrations cannot grow the ' +
      'directory without bound.',
  },
  selfRegisteredClientIdleDays: {
    env: 'LIMEN_SELF_REGISTERED_CLIENT_IDLE_DAYS',
    default: 90,
    description:
      'A self-registered application (dynamic registration or Client ID Metadata Document) that has not been ' +
      'issued a token for this many days is deleted, with its service principal, consents and tokens, and the ' +
      'deletion is audited as initiated by Limen. MCP clients register afresh at every install, so abandoned ' +
      'registrations would otherwise fill `LIMEN_MAX_SELF_REGISTERED_CLIENTS`. Checked at start and every hour. ' +
      'An application an administrator has adopted (given an owner, removed its `limen:` tag, or disabled) is ' +
      'never deleted. `0` keeps used registrations forever.',
  },
  selfRegisteredClientNeverUsedDays: {
    env: 'LIMEN_SELF_REGISTERED_CLIENT_NEVER_USED_DAYS',
    default: 7,
    description:
      'A self-registered application that has never been issued a token is deleted this many days after it ' +
      'registered itself (same rules as `LIMEN_SELF_REGISTERED_CLIENT_IDLE_DAYS`). `0` keeps them forever.',
  },
  clientMetadataPrivateNetwork: {
    env: 'LIMEN_CLIENT_METADATA_PRIVATE_NETWORK',
    default: false,
    description:
      'Let Limen fetch client documents (Client ID Metadata Documents, a client\'s `jwks_uri`, a federated ' +
      'credential issuer\'s discovery document and keys) from loopback and private addresses, a local issuer ' +
      'also over plain http. For development and tests only: in production it would let anyone make Limen ' +
      'send requests into your network (server-side request forgery).',
  },
  federatedTokenSingleUse: {
    env: 'LIMEN_FEDERATED_TOKEN_SINGLE_USE',
    default: false,
    description:
      'Accept a workload token presented for a federated identity credential only once (by its issuer and ' +
      '`jti`; tokens without `jti` are unaffected). Off by default, as in Entra: Kubernetes and most workload ' +
      'platforms give a workload one token for its lifetime (a projected service account token is refreshed by ' +
      'the kubelet, not per use), and the workload presents it for every token it needs. Turn on only when ' +
      'every issuer you trust mints a fresh token per request.',
  },
} as const;
