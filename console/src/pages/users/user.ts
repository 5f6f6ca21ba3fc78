/** Graph's user, as GET /users and /users/{id} return it. */
export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  userType?: 'Member' | 'Guest';
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  employeeId?: string | null;
  usageLocation?: string | null;
  createdDateTime: string;
  signInSessionsValidFromDateTime?: string;
  /** Only when asked for with $select (needs AuditLog.Read.All). */
  signInActivity?: SignInActivity;
}

/** Graph's signInActivity: a user's last sign-ins; null dates mean never. */
export interface SignInActivity {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

/** One of GET /users/{id}/authentication/methods. */
export interface AuthenticationMethod {
  '@odata.type': string;
  id: string;
  displayName?: string | null;
  createdDateTime?: string | null;
  aaGuid?: string | null;
  model?: string | null;
  passkeyType?: string;
  startDateTime?: string;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  isUsable?: boolean;
  methodUsabilityReason?: string;
}

/** What each method type is called, and the path segment that deletes it (none: cannot be deleted here). */
export const methodKinds: Record<string, { name: string; segment?: string }> = {
  '#microsoft.graph.passwordAuthenticationMethod': { name: 'Password' },
  '#microsoft.graph.fido2AuthenticationMethod': { name: 'Passkey', segment: 'fido2Methods' },
  '#microsoft.graph.softwareOathAuthenticationMethod': { name: 'Authenticator app', segment: 'softwareOathMethods' },
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': { name: 'Temporary Access Pass', segment: 'temporaryAccessPassMethods' },
};

/** The response of POST /users/{id}/authentication/temporaryAccessPassMethods: the code, once. */
export interface CreatedTap {
  id: string;
  temporaryAccessPass: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  isUsable: boolean;
  methodUsabilityReason: string;
}
