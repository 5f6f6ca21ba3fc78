/**
 * The plug-in point of account recovery: an identity verification provider (IDV) that checks a
 * person's government ID and liveness and tells Limen the name it proved, the shape of Entra's
 * account recovery with Verified ID and Face Check (design/authentication-methods.md §4.1).
 *
 * A verifier speaks its provider's protocol and nothing else. Limen keeps the attempt (state,
 * nonce, expiry, single use), matches the proved name against the account, applies the mode and
 * issues the Temporary Access Pass; a verifier never sees the directory. Its one duty beyond its
 * protocol is to report the nonce found *inside* the provider's signed evidence, so Limen can
 * check that the evidence was made for this attempt and not replayed from another.
 */

export interface VerificationRequest {
  /** Opaque, single-use; the provider must send the browser back with it unchanged (`state`). */
  state: string;
  /** Random; the provider must bind its evidence to it (an OIDC-style `nonce` claim). */
  nonce: string;
  /** Where the provider sends the browser back: Limen's `/recover/callback`. */
  callbackUrl: string;
}

/** What the provider proved about the person in front of the camera. */
export interface VerifiedIdentity {
  /** First name(s) as on the document (Verified ID's `firstName`). */
  givenName: string;
  /** Last name(s) as on the document (Verified ID's `lastName`). */
  surname: string;
  /** The nonce read from the provider's signed evidence; Limen compares it with the attempt's. */
  nonce: string;
  /** The provider's id for the evidence (a credential or transaction id), for the audit log. */
  evidenceId: string;
  verifiedAt: Date;
  /** How strongly the person was verified, in the provider's words (e.g. `document+liveness`). */
  assurance: string;
}

export type VerificationResult =
  | { verified: true; identity: VerifiedIdentity }
  /** `reason` goes to the audit log, not to the user (it may echo provider input). */
  | { verified: false; reason: string };

export interface IdentityVerifier {
  /** Stable id (lower-case letters, digits, `-`; at most 32): in the form and the audit log. */
  readonly id: string;
  /** What the user picks on the recovery page, e.g. "Contoso ID check". */
  readonly displayName: string;
  /** Where to send the browser to start a verification (a URL at the provider). */
  begin(request: VerificationRequest): Promise<{ redirectUrl: string }>;
  /**
   * Reads the provider's answer from the callback's query parameters (`state` included) and
   * checks it. A throw counts as a refusal; it never reaches the user as an error.
   */
  complete(params: Readonly<Record<string, string>>): Promise<VerificationResult>;
}

export const verifierIdPattern = /^[a-z0-9-]{1,32}$/;
