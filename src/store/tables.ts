/**
 * Row shapes of every table, shared by both engines. Portable column types only:
 * timestamps are ISO 8601 UTC text (sortable, same on SQLite and PostgreSQL), booleans are
 * integers 0/1, structured values are JSON text. Repositories map rows to Graph shapes.
 */
export interface Tables {
  settings: SettingRow;
  users: UserRow;
  groups: GroupRow;
  group_members: GroupMemberRow;
  group_owners: GroupOwnerRow;
  applications: ApplicationRow;
  application_secrets: ApplicationSecretRow;
  federated_identity_credentials: FederatedIdentityCredentialRow;
  service_principals: ServicePrincipalRow;
  app_role_assignments: AppRoleAssignmentRow;
  oauth2_permission_grants: OAuth2PermissionGrantRow;
  role_assignments: RoleAssignmentRow;
  oidc_payloads: OidcPayloadRow;
  signing_keys: SigningKeyRow;
  sign_ins: SignInRow;
  directory_audits: DirectoryAuditRow;
  sign_in_lockouts: SignInLockoutRow;
  temporary_access_passes: TemporaryAccessPassRow;
  passkeys: PasskeyRow;
  webauthn_challenges: WebAuthnChallengeRow;
  software_oath_methods: SoftwareOathMethodRow;
  authentication_strengths: AuthenticationStrengthRow;
  conditional_access_policies: ConditionalAccessPolicyRow;
  named_locations: NamedLocationRow;
  recovery_attempts: RecoveryAttemptRow;
  risky_users: RiskyUserRow;
  risky_service_principals: RiskyServicePrincipalRow;
  risk_history: RiskHistoryRow;
  agent_registry_connections: AgentRegistryConnectionRow;
  agent_registry_entries: AgentRegistryEntryRow;
  agent_registry_sync_runs: AgentRegistrySyncRunRow;
  agent_identity_blueprints: AgentIdentityBlueprintRow;
  agent_identities: AgentIdentityRow;
  inheritable_permissions: InheritablePermissionRow;
  object_links: ObjectLinkRow;
  service_principal_sign_in_activities: ServicePrincipalSignInActivityRow;
  user_sign_in_activities: UserSignInActivityRow;
}

export type Bool = 0 | 1;

export interface SettingRow {
  key: string;
  value: string;
}

export interface UserRow {
  id: string;
  user_principal_name: string;
  /** Lower-cased UPN: sign-in names are case-insensitive, and this column is unique. */
  upn_lower: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  account_enabled: Bool;
  user_type: string;
  job_title: string | null;
  department: string | null;
  employee_id: string | null;
  employee_hire_date: string | null;
  employee_leave_date_time: string | null;
  manager_id: string | null;
  usage_location: string | null;
  created_date_time: string;
  sign_in_sessions_valid_from: string;
  /** JSON object, Graph's customSecurityAttributes. */
  custom_security_attributes: string | null;
  /** argon2id PHC string; null when the user has no password. */
  password_hash: string | null;
}

export interface GroupRow {
  id: string;
  display_name: string;
  description: string | null;
  mail_nickname: string | null;
  security_enabled: Bool;
  mail_enabled: Bool;
  /** JSON array of strings. */
  group_types: string;
  created_date_time: string;
}

export type MemberType = 'user' | 'group' | 'servicePrincipal';

export interface GroupMemberRow {
  group_id: string;
  member_id: string;
  member_type: MemberType;
}

export interface GroupOwnerRow {
  group_id: string;
  owner_id: string;
  owner_type: MemberType;
}

export interface ApplicationRow {
  id: string;
  app_id: string;
  display_name: string;
  sign_in_audience: string;
  /** JSON object holding the rest of Graph's application resource (web, spa, api, appRoles…). */
  data: string;
  created_date_time: string;
}

export interface ApplicationSecretRow {
  key_id: string;
  application_id: string;
  display_name: string | null;
  hint: string;
  /** Keyed SHA-256 of the secret (generated secrets carry 256 bits, so no slow hash is needed). */
  secret_hash: string;
  start_date_time: string;
  end_date_time: string;
}

export interface FederatedIdentityCredentialRow {
  id: string;
  application_id: string;
  name: string;
  issuer: string;
  subject: string;
  /** JSON array of strings. */
  audiences: string;
  description: string | null;
}

export interface ServicePrincipalRow {
  id: string;
  app_id: string;
  display_name: string;
  account_enabled: Bool;
  app_role_assignment_required: Bool;
  service_principal_type: string;
  /** JSON object holding the rest of Graph's servicePrincipal resource. */
  data: string;
  created_date_time: string;
}

/** When a client last got a token; see migrations 0011 and 0012. */
export interface ServicePrincipalSignInActivityRow {
  service_principal_id: string;
  last_sign_in_date_time: string;
  /** Its last token for a user; null when none was recorded. */
  last_delegated_sign_in_date_time: string | null;
  /** Its last token for itself (client credentials); null when none was recorded. */
  last_app_only_sign_in_date_time: string | null;
}

/** A user's last sign-ins (Graph's signInActivity); see migration 0013. Request ids are sign-in ids. */
export interface UserSignInActivityRow {
  user_id: string;
  last_sign_in_date_time: string | null;
  last_sign_in_request_id: string | null;
  last_non_interactive_sign_in_date_time: string | null;
  last_non_interactive_sign_in_request_id: string | null;
  last_successful_sign_in_date_time: string | null;
  last_successful_sign_in_request_id: string | null;
}

export interface AppRoleAssignmentRow {
  id: string;
  app_role_id: string;
  principal_id: string;
  principal_type: string;
  principal_display_name: string;
  resource_id: string;
  resource_display_name: string;
  created_date_time: string;
}

export interface OAuth2PermissionGrantRow {
  id: string;
  client_id: string;
  consent_type: string;
  principal_id: string | null;
  resource_id: string;
  scope: string;
}

export interface RoleAssignmentRow {
  id: string;
  role_definition_id: string;
  principal_id: string;
  directory_scope_id: string;
  created_date_time: string;
}

/** oidc-provider's models (sessions, grants, codes, tokens…) in one table, as its adapter contract. */
export interface OidcPayloadRow {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  /** Epoch seconds; null means no expiry. */
  expires_at: number | null;
  consumed_at: number | null;
}

export interface SigningKeyRow {
  kid: string;
  alg: string;
  /** The private JWK, AES-256-GCM encrypted under the master key (see oidc/key-store.ts). */
  encrypted_jwk: string;
  created_at: string;
  /** When this key stops signing; it stays in the JWKS until tokens it signed have expired. */
  retired_at: string | null;
}

export interface SignInRow {
  id: string;
  created_date_time: string;
  user_id: string | null;
  app_id: string | null;
  error_code: number;
  correlation_id: string | null;
  /** The whole Graph signIn resource as JSON. */
  data: string;
}

export interface DirectoryAuditRow {
  /** Position in the hash chain; assigned under a lock so the chain is a single line. */
  seq: number;
  id: string;
  activity_date_time: string;
  category: string;
  activity_display_name: string;
  result: string;
  initiated_by_id: string | null;
  /** The whole Graph directoryAudit resource as JSON. */
  data: string;
  prev_hash: string;
  hash: string;
}

/** Smart lockout state of one sign-in subject (see authn/smart-lockout.ts). */
export interface SignInLockoutRow {
  /** A user id, or `unknown:` and a keyed hash of a sign-in name no user has. */
  subject: string;
  /** JSON: counters per location, recent wrong-password HMACs, familiar IPs. Never a password. */
  state: string;
  /** Incremented by every change; updates are compare-and-set on it. */
  version: number;
  updated_at: string;
}

/** A user's Temporary Access Pass (see authn/temporary-access-pass.ts); one per user. */
export interface TemporaryAccessPassRow {
  id: string;
  user_id: string;
  /** HMAC-SHA256 of the code under the tenant's TAP secret (settings). Never the code. */
  code_hash: string;
  created_date_time: string;
  start_date_time: string;
  lifetime_in_minutes: number;
  is_usable_once: Bool;
  /** When a one-time pass was used (set once, compare-and-set); null while unused. */
  used_at: string | null;
}

export interface PasskeyRow {
  /** Graph's fido2AuthenticationMethod id: a digest of the credential id (stable, URL-safe). */
  id: string;
  user_id: string;
  /** The WebAuthn credential id, base64url. */
  credential_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  sign_count: number | string;
  display_name: string;
  aaguid: string;
  model: string | null;
  attestation_format: string;
  /** 'attested' only when the statement chained to a trust anchor from FIDO metadata. */
  attestation_level: 'attested' | 'notAttested';
  /** JSON array of the attestation certificates (base64 DER). */
  attestation_certificates: string;
  /** JSON array of WebAuthn transports. */
  transports: string;
  /** WebAuthn BE flag: 1 = multi-device (synced) passkey; fixed for the credential's life. */
  backup_eligible: Bool;
  /** WebAuthn BS flag, as last seen (it may change at each sign-in). */
  backup_state: Bool;
  created_date_time: string;
  last_used_date_time: string | null;
}

export interface WebAuthnChallengeRow {
  challenge: string;
  /** 'registration' or 'authentication'. */
  purpose: string;
  /** What the challenge was issued for: a user id (registration) or an interaction uid (sign-in). */
  binding: string;
  expires_at: string;
}

export interface SoftwareOathMethodRow {
  /** Graph's softwareOathAuthenticationMethod id. */
  id: string;
  user_id: string;
  /** The base32 TOTP secret, sealed (AES-256-GCM) under a key derived from the master key. */
  secret_sealed: string;
  created_date_time: string;
  /** 0 until the user typed a right code from the app. */
  verified: Bool;
  /** The last RFC 6238 time step accepted; a code of that step or earlier is a replay. */
  last_used_step: number | string | null;
  last_used_date_time: string | null;
}

export interface AuthenticationStrengthRow {
  id: string;
  /** Strength names are unique in a tenant, case-insensitively. */
  display_name_lower: string;
  /** The whole Graph authenticationStrengthPolicy as JSON. */
  data: string;
}

export interface RecoveryAttemptRow {
  /** sha256 (base64url) of the `state` sent to the verification provider; the state itself is not kept. */
  id: string;
  verifier_id: string;
  /** The userPrincipalName typed at /recover, lower-cased; it may name no user. */
  claimed_upn: string;
  /** What the provider's evidence must be bound to. */
  nonce: string;
  ip_address: string;
  created_at: string;
  expires_at: string;
  /** Set by the first callback (or the first one after expiry); later callbacks are replays. */
  completed_at: string | null;
  /** Set by the first replay, which alone is audited. */
  replayed_at: string | null;
}

export interface ConditionalAccessPolicyRow {
  id: string;
  display_name: string;
  /** enabled, disabled or enabledForReportingButNotEnforced. */
  state: string;
  created_date_time: string;
  /** The whole Graph conditionalAccessPolicy as JSON. */
  data: string;
}

export interface NamedLocationRow {
  id: string;
  display_name: string;
  created_date_time: string;
  /** The whole Graph namedLocation (ip or country) as JSON. */
  data: string;
}

/** A user's current risk (identity-protection/): Graph's riskyUser. */
export interface RiskyUserRow {
  /** The user's object id. */
  id: string;
  /** As at the last change. */
  user_display_name: string | null;
  user_principal_name: string | null;
  /** Graph's riskLevel, riskState and riskDetail enum members. */
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  risk_last_updated_date_time: string;
}

/** A service principal's current risk: Graph's riskyServicePrincipal. */
export interface RiskyServicePrincipalRow {
  id: string;
  /** As at the last change. */
  app_id: string | null;
  display_name: string | null;
  service_principal_type: string | null;
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  risk_last_updated_date_time: string;
}

/** One change of a user's or a service principal's risk, and who made it. */
export interface RiskHistoryRow {
  id: string;
  principal_type: 'user' | 'servicePrincipal';
  principal_id: string;
  initiated_by: string | null;
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  risk_last_updated_date_time: string;
}

/** A connection to a platform agents are synced from (agents/): Graph has none, Limen's own. */
export interface AgentRegistryConnectionRow {
  id: string;
  display_name: string;
  /** 'amazonBedrock' or 'googleVertexAi'. */
  platform: string;
  /** null: the platform's public endpoint for the region or location. */
  endpoint: string | null;
  /** JSON: `{ region }` or `{ project, location }`. */
  settings: string;
  /** JSON: names of LIMEN_AGENT_SYNC_* environment variables; never a secret itself. */
  credential: string | null;
  created_date_time: string;
  last_modified_date_time: string;
}

/** One agent in the registry: Graph's (beta) agentInstance plus what its platform says of it. */
export interface AgentRegistryEntryRow {
  id: string;
  /** Unique: `connection:<connection id>:<native id>` for synced agents, `import:<platform>:<account>:<native id>` for imported ones. */
  source_key: string;
  display_name: string;
  platform: string;
  source_agent_id: string;
  connection_id: string | null;
  originating_store: string | null;
  publisher: string | null;
  /** AWS account, Google Cloud project… */
  account: string | null;
  /** The platform's own status as last seen, or 'removed'. */
  status: string | null;
  url: string | null;
  description: string | null;
  /** What the agent runs as on its platform: an IAM role ARN, a service account. */
  runtime_principal: string | null;
  /** JSON: the A2A agent card, when known. */
  agent_card: string | null;
  /** The agent identity (service principal id) it is linked to; set = managed. */
  agent_identity_id: string | null;
  /** 1 when agent_identity_id is set (kept so `$filter=managed eq true` runs in SQL). */
  managed: Bool;
  /** The platform's creation and last-modification times, when it says. */
  created_date_time: string | null;
  last_modified_date_time: string | null;
  first_seen_date_time: string;
  /** The last sync or import that found it on its platform. */
  last_seen_date_time: string;
  /** When a sync no longer found it; null while present. */
  removed_date_time: string | null;
  /** JSON: the platform's record as last read. */
  native_data: string | null;
}

/** One sync of a connection: what it found and what it changed. */
export interface AgentRegistrySyncRunRow {
  id: string;
  connection_id: string;
  /** 'succeeded' or 'failed'. */
  status: string;
  started_date_time: string;
  finished_date_time: string;
  agents_found: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** JSON `{ code, message }` when failed. */
  error: string | null;
  /** JSON array of `{ id, sourceAgentId, displayName, change }`. */
  changes: string;
}

/** An application that is an agent identity blueprint (directory/agent-identity-blueprint.ts). */
export interface AgentIdentityBlueprintRow {
  application_id: string;
  app_id: string;
  /** The appId of the client that created it (Graph's createdByAppId). */
  created_by_app_id: string | null;
}

/** A service principal that is an agent identity (servicePrincipalType ServiceIdentity). */
export interface AgentIdentityRow {
  /** The service principal's id. */
  id: string;
  /** The blueprint's appId (Graph's agentIdentityBlueprintId). */
  blueprint_app_id: string;
  created_by_app_id: string | null;
  /** Set by the token flows; null until the agent first gets a token. */
  last_sign_in_date_time: string | null;
  /** JSON object, Graph's customSecurityAttributes. */
  custom_security_attributes: string | null;
}

/** One resource's inheritable scopes and app roles on a blueprint (Graph's inheritablePermission). */
export interface InheritablePermissionRow {
  application_id: string;
  resource_app_id: string;
  /** JSON: Graph's inheritableScopes (enumeratedScopes, allAllowedScopes or noScopes). */
  inheritable_scopes: string;
  /** JSON: inheritableRoles (enumeratedRoles, allAllowedRoles or noRoles). */
  inheritable_roles: string;
}

/** An owner or sponsor of an application or service principal. */
export interface ObjectLinkRow {
  object_id: string;
  relationship: 'owners' | 'sponsors';
  linked_id: string;
  linked_type: MemberType;
  created_date_time: string;
}
