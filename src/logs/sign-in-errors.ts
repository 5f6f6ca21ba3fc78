/**
 * The Entra (AADSTS) error codes Limen writes into `signIn.status`, by name, so callers say
 * `signInStatus('invalidClientSecret')` and never a bare number. Codes and names follow Entra's
 * error code reference (learn.microsoft.com/entra/identity-platform/reference-error-codes); the
 * failure reasons are ours, written for an administrator reading the sign-in log.
 */
export interface SignInErrorDefinition {
  errorCode: number;
  /** Entra's own name for the code, for searching its documentation. */
  entraName: string;
  failureReason: string;
}

export const signInErrors = {
  // Entra reports "Other." as the failure reason of a successful sign-in; clients match on 0.
  success: { errorCode: 0, entraName: 'Success', failureReason: 'Other.' },
  invalidUsernameOrPassword: {
    errorCode: 50126, entraName: 'InvalidUserNameOrPassword',
    failureReason: 'Error validating credentials due to invalid username or password.',
  },
  userNotFound: {
    errorCode: 50034, entraName: 'UserAccountNotFound',
    failureReason: 'The user account does not exist in the directory.',
  },
  userDisabled: {
    errorCode: 50057, entraName: 'UserDisabled',
    failureReason: 'The user account is disabled.',
  },
  userLocked: {
    errorCode: 50053, entraName: 'IdsLocked',
    failureReason: 'The account is locked because of too many failed sign-in attempts.',
  },
  mfaRequired: {
    errorCode: 50076, entraName: 'UserStrongAuthClientAuthNRequired',
    failureReason: 'Multifactor authentication is required to access this resource.',
  },
  blockedByConditionalAccess: {
    errorCode: 53003, entraName: 'BlockedByConditionalAccess',
    failureReason: 'Access has been blocked by Conditional Access policies.',
  },
  // "Assignment required?" on the app's service principal, and no assignment (oidc/assignment-required.ts).
  userNotAssigned: {
    errorCode: 50105, entraName: 'EntitlementGrantsNotFound',
    failureReason: 'The signed-in user is not assigned to the application, which requires assignment.',
  },
  // An app-only token for an API that requires assignment, and the application holds none.
  applicationNotAssigned: {
    errorCode: 501051, entraName: 'Application is not assigned to a role for the application',
    failureReason: 'The application holds no app role assignment to the resource, which requires assignment.',
  },
  consentRequired: {
    errorCode: 65001, entraName: 'DelegationDoesNotExist',
    failureReason: 'The user or administrator has not consented to use the application.',
  },
  applicationNotFound: {
    errorCode: 700016, entraName: 'UnauthorizedClient_DoesNotMatchRequest',
    failureReason: 'Application was not found in the directory.',
  },
  applicationDisabled: {
    errorCode: 7000112, entraName: 'UnauthorizedClientApplicationDisabled',
    failureReason: 'The application is disabled.',
  },
  resourceNotFound: {
    errorCode: 500011, entraName: 'InvalidResourceServicePrincipalNotFound',
    failureReason: 'The resource principal was not found in the directory.',
  },
  invalidClientSecret: {
    errorCode: 7000215, entraName: 'InvalidClientSecretProvided',
    failureReason: 'Invalid client secret provided.',
  },
  clientSecretExpired: {
    errorCode: 7000222, entraName: 'InvalidClientSecretExpiredKeysProvided',
    failureReason: 'The provided client secret keys are expired.',
  },
  invalidClientAssertion: {
    errorCode: 700027, entraName: 'Client assertion failed signature validation',
    failureReason: 'The client assertion is invalid: bad signature, audience, issuer or lifetime.',
  },
  // Workload identity federation (oidc/federation/): an external issuer's token presented as the
  // client assertion, matched against the app's federated identity credentials.
  federatedIssuerNotMatched: {
    errorCode: 700211, entraName: 'No matching federated identity record found for presented assertion issuer',
    failureReason: 'No federated identity credential of the application trusts the issuer of the presented assertion.',
  },
  federatedAudienceNotMatched: {
    errorCode: 700212, entraName: 'No matching federated identity record found for presented assertion audience',
    failureReason: 'No federated identity credential of the application matching the issuer and subject lists the audience of the presented assertion.',
  },
  federatedSubjectNotMatched: {
    errorCode: 700213, entraName: 'No matching federated identity record found for presented assertion subject',
    failureReason: 'No federated identity credential of the application matching the issuer names the subject of the presented assertion.',
  },
  clientAssertionTimeRange: {
    errorCode: 700024, entraName: 'Client assertion is not within its valid time range',
    failureReason: 'The client assertion is expired, not yet valid, or valid for longer than allowed.',
  },
  clientAssertionReplayed: {
    errorCode: 700027, entraName: 'Client assertion failed signature validation',
    failureReason: 'The client assertion was already used once and may be used only once.',
  },
  missingRequiredParameter: {
    errorCode: 900144, entraName: 'The request body must contain the following parameter',
    failureReason: 'The request is missing a required parameter.',
  },
  // The assertion of an on-behalf-of exchange (RFC 8693 subject token): expired, not for this
  // agent's blueprint, not issued by Limen, or not a person's token.
  invalidAssertion: {
    errorCode: 50013, entraName: 'InvalidAssertion',
    failureReason: 'The assertion is invalid: expired, malformed, for another audience or from another issuer.',
  },
  // A refresh token redeemed otherwise than it was issued (oidc/refresh-token-binding.ts).
  clientCredentialsMissing: {
    errorCode: 7000218, entraName: 'The request body must contain the following parameter: client_assertion or client_secret',
    failureReason: 'The refresh token was issued to a confidential client, and the request presented no client secret or assertion.',
  },
  publicClientWithCredential: {
    errorCode: 700025, entraName: 'InvalidClientPublicClientWithCredential',
    failureReason: 'The refresh token was issued to a public client, and the request presented a client secret or assertion.',
  },
  invalidGrant: {
    errorCode: 70000, entraName: 'InvalidGrant',
    failureReason: 'The provided grant is invalid or malformed.',
  },
  expiredOrRevokedGrant: {
    errorCode: 70008, entraName: 'ExpiredOrRevokedGrant',
    failureReason: 'The authorization code or refresh token has expired or been revoked.',
  },
  codeAlreadyRedeemed: {
    errorCode: 54005, entraName: 'OAuth2 Authorization code was already redeemed',
    failureReason: 'The authorization code was already redeemed; request a new one.',
  },
  // Entra reports a failed second-factor or passwordless verification as 500121; the
  // additional details say what exactly failed (signature, replayed challenge, wrong origin).
  passkeyVerificationFailed: {
    errorCode: 500121, entraName: 'AuthenticationFailedForStrongAuthRequest',
    failureReason: 'Authentication failed during strong authentication request: the passkey response could not be verified.',
  },
  passkeyNotAllowed: {
    errorCode: 500121, entraName: 'AuthenticationFailedForStrongAuthRequest',
    failureReason: 'Authentication failed during strong authentication request: the passkey is not allowed by the passkey (FIDO2) policy.',
  },
  // A right password, then the second step was asked for: logged as Entra logs the interrupt,
  // so a correct password that never completes MFA is visible to the security team.
  strongAuthRequired: {
    errorCode: 50074, entraName: 'UserStrongAuthClientAuthNRequiredInterrupt',
    failureReason: 'Strong authentication is required: the user was asked for a second factor.',
  },
  oathCodeIncorrect: {
    errorCode: 500121, entraName: 'AuthenticationFailedForStrongAuthRequest',
    failureReason: 'Authentication failed during strong authentication request: the verification code was wrong or already used.',
  },
  signInFrequencyExpired: {
    errorCode: 70043, entraName: 'BadTokenDueToSignInFrequency',
    failureReason: 'The refresh token has expired or is invalid due to sign-in frequency checks by Conditional Access.',
  },
  invalidRequest: {
    errorCode: 9002313, entraName: 'InvalidRequest',
    failureReason: 'The request is malformed or invalid.',
  },
} as const satisfies Record<string, SignInErrorDefinition>;

export type SignInErrorName = keyof typeof signInErrors;

/** Graph `signInStatus`. @see https://learn.microsoft.com/graph/api/resources/signinstatus */
export interface SignInStatus {
  errorCode: number;
  failureReason: string;
  additionalDetails: string | null;
}

export function signInStatus(name: SignInErrorName, additionalDetails: string | null = null): SignInStatus {
  const { errorCode, failureReason } = signInErrors[name];
  return { errorCode, failureReason, additionalDetails };
}
