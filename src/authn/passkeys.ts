/**
 * Passkey ceremonies (W3C WebAuthn Level 3) on @simplewebauthn/server: registration and
 * sign-in with discoverable credentials and user verification, so a passkey alone is a
 * multifactor, phishing-resistant sign-in. Every challenge is single-use and bound to what it
 * was issued for (webauthn-challenges.ts); the passkey policy (passkey-policy.ts) is applied
 * at registration and again at every sign-in.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  SettingsService,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { Db } from '../store/index.ts';
import { passkeyMetadata, type PasskeyMetadata } from './passkey-metadata.ts';
import { wantsAttestation, type PasskeyDecision, type PasskeyProfile, type PasskeyTraits } from './passkey-policy.ts';
import { createPasskeyRepository, passkeyIdOf, type Passkey } from './passkey.repository.ts';
import { createChallengeStore } from './webauthn-challenges.ts';

/** Where passkeys are scoped: the RP ID is the public host name (WebAuthn §5.1.4). */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyFor(publicUrl: string, name = 'Limen'): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name, origin: url.origin };
}

/** How long the browser (and the user) has to answer a ceremony. */
const ceremonyTimeoutMs = 5 * 60_000;
/** EdDSA, ES256, RS256: what authenticators in the field use (COSE algorithm ids). */
const algorithms = [-8, -7, -257];

/** The shape a browser's PublicKeyCredential JSON must have before the library looks at it. */
const base64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*={0,2}$/);
const credentialJson = z.object({
  id: base64url.min(1).max(1400),
  rawId: base64url.min(1).max(1400),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: base64url.min(1) }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({}),
  authenticatorAttachment: z.string().max(64).optional(),
}).passthrough();

export type CeremonyFailure = {
  ok: false;
  /** 'invalid': the response failed verification; 'notAllowed': the policy refused the passkey. */
  kind: 'invalid' | 'notAllowed';
  /** Plain words for the user and the sign-in log. */
  reason: string;
  passkey?: Passkey;
};

export interface PasskeyUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** The challenge a response claims to answer, or undefined when clientDataJSON is not JSON. */
function claimedChallenge(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : undefined;
  } catch {
    return undefined;
  }
}

/** The largest credential JSON accepted from a form (assertions are 1–2 KB; attestations with certificates more). */
const maxCredentialJson = 60_000;

/** A browser's PublicKeyCredential JSON from a form field, or undefined when it is not JSON. */
export function credentialFromForm(raw: string): unknown {
  if (!raw || raw.length > maxCredentialJson) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** What the policy needs to know of a stored passkey. */
export const passkeyTraits = (p: Passkey): PasskeyTraits =>
  ({ aaGuid: p.aaGuid, backupEligible: p.backupEligible, attested: p.attestationLevel === 'attested' });

const invalid = (reason: string, passkey?: Passkey): CeremonyFailure => ({ ok: false, kind: 'invalid', reason, ...(passkey ? { passkey } : {}) });
/** The library's reason, first line only (some list every algorithm a metadata statement names). */
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/[\s:]+$/, '');
/** The library's words when an attestation chain reaches none of the metadata's root certificates. */
const untrustedChain = /could not be chained to any specified trust anchor/;

export function createPasskeyCeremonies(db: Db, rp: RelyingParty, metadata: PasskeyMetadata = passkeyMetadata) {
  const challenges = createChallengeStore(db);
  const passkeys = createPasskeyRepository(db);

  /** Parses the JSON and takes its challenge out of circulation; undefined plus why otherwise. */
  async function acceptChallenge(response: unknown, purpose: 'registration' | 'authentication', binding: string) {
    const parsed = credentialJson.safeParse(response);
    if (!parsed.success) return { failure: invalid('the passkey response is malformed') };
    const challenge = claimedChallenge(parsed.data.response.clientDataJSON);
    if (!challenge || !(await challenges.consume(challenge, purpose, binding))) {
      return { failure: invalid('the passkey response answers no current challenge (replayed, expired or from another sign-in)') };
    }
    return { json: parsed.data, challenge };
  }

  return {
    passkeys,

    async registrationOptions(user: PasskeyUser, profiles: readonly PasskeyProfile[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await passkeys.listForUser(user.id);
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.userPrincipalName,
        userDisplayName: user.displayName,
        // The user handle is the object id, so a discoverable credential names its user.
        userID: new TextEncoder().encode(user.id),
        timeout: ceremonyTimeoutMs,
        // Ask for make-and-model proof only when a profile looks at it: browsers may warn about it.
        attestationType: wantsAttestation(profiles) ? 'direct' : 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        supportedAlgorithmIDs: algorithms,
      });
      await challenges.remember(options.challenge, 'registration', user.id, ceremonyTimeoutMs);
      return options;
    },

    /**
     * Verifies a registration response and applies the policy (`decide`: the passkey profiles
     * that target the user). Returns the passkey to store; the caller stores it with its audit
     * record in one transaction.
     */
    async verifyRegistration(
      user: PasskeyUser,
      response: unknown,
      displayName: string | undefined,
      decide: (traits: PasskeyTraits) => PasskeyDecision,
    ): Promise<{ ok: true; passkey: Passkey } | CeremonyFailure> {
      const accepted = await acceptChallenge(response, 'registration', user.id);
      if (accepted.failure) return accepted.failure;
      let info;
      try {
        const result = await verifyRegistrationResponse({
          response: accepted.json as unknown as RegistrationResponseJSON,
          expectedChallenge: accepted.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
          supportedAlgorithmIDs: algorithms,
        });
        if (!result.verified) return invalid('the passkey response could not be verified');
        info = result.registrationInfo;
      } catch (error) {
        const why = message(error);
        return invalid(untrustedChain.test(why)
          ? 'its attestation does not chain to a root certificate that the FIDO metadata gives for its model (a forged or unknown batch certificate)'
          : `the passkey response could not be verified: ${why}`);
      }
      // A model the FIDO metadata marks compromised or revoked is refused before any profile is asked.
      const untrusted = metadata.refusalFor(info.aaguid);
      if (untrusted) return { ok: false, kind: 'notAllowed', reason: untrusted };
      const statement = metadata.statementFor(info.aaguid);
      const anchors = statement ? statement.attestationRootCertificates : SettingsService.getRootCertificates({ identifier: info.fmt as never });
      const certificates = info.fmt === 'none' ? [] : metadata.certificatesOf(info.attestationObject);
      // Attested only when the statement chained to a trust anchor we hold: the library skips
      // path validation when it has none, so "verified" alone proves nothing about the model.
      // A packed statement without x5c is self attestation (WebAuthn §8.2): the credential key
      // signed itself, and the AAGUID it claims is the authenticator's word only.
      const selfAttestation = info.fmt === 'packed' && certificates.length === 0;
      const attested = info.fmt !== 'none' && !selfAttestation && anchors.length > 0;
      const traits: PasskeyTraits = { aaGuid: info.aaguid, backupEligible: info.credentialDeviceType === 'multiDevice', attested };
      const decision = decide(traits);
      if (!decision.allowed) return { ok: false, kind: 'notAllowed', reason: decision.reason };
      if (await passkeys.byCredentialId(info.credential.id)) return invalid('this passkey is already registered');

      const now = new Date().toISOString();
      const model = statement?.description ?? null;
      const passkey: Passkey = {
        id: passkeyIdOf(info.credential.id),
        userId: user.id,
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        signCount: info.credential.counter,
        displayName: displayName?.trim() || model || (traits.backupEligible ? 'Synced passkey' : 'Passkey'),
        aaGuid: info.aaguid,
        model,
        attestationFormat: info.fmt,
        attestationLevel: attested ? 'attested' : 'notAttested',
        attestationCertificates: attested ? certificates : [],
        transports: (info.credential.transports ?? []).slice(0, 8),
        backupEligible: traits.backupEligible,
        backupState: info.credentialBackedUp,
        createdDateTime: now,
        lastUsedDateTime: null,
      };
      return { ok: true, passkey };
    },

    /** Options for a discoverable-credential sign-in (any passkey of any user), bound to `binding`. */
    async authenticationOptions(binding: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const options = await generateAuthenticationOptions({
        rpID: rp.id,
        timeout: ceremonyTimeoutMs,
        userVerification: 'required',
        allowCredentials: [],
      });
      await challenges.remember(options.challenge, 'authentication', binding, ceremonyTimeoutMs);
      return options;
    },

    /**
     * Verifies a sign-in response: its challenge, signature, origin, user verification and
     * counter, then the policy (`decide`) for the passkey's user, then records the use.
     */
    async authenticate(
      binding: string,
      response: unknown,
      decide: (passkey: Passkey) => Promise<PasskeyDecision>,
    ): Promise<{ ok: true; passkey: Passkey } | CeremonyFailure> {
      const accepted = await acceptChallenge(response, 'authentication', binding);
      if (accepted.failure) {
        // Name the passkey's owner when the id is one of ours: a replay is worth their admin's eye.
        const id = (response as { id?: unknown } | null)?.id;
        const known = typeof id === 'string' && id.length <= 1400 ? await passkeys.byCredentialId(id) : undefined;
        return known ? { ...accepted.failure, passkey: known } : accepted.failure;
      }
      const json = accepted.json as unknown as AuthenticationResponseJSON;
      const passkey = await passkeys.byCredentialId(json.id);
      if (!passkey) return invalid('this passkey is not registered (it may have been deleted)');
      const userHandle = json.response.userHandle;
      if (userHandle && Buffer.from(userHandle, 'base64url').toString('utf8') !== passkey.userId) {
        return invalid('the passkey names a different user than the one it was registered to', passkey);
      }
      let info;
      try {
        const result = await verifyAuthenticationResponse({
          response: json,
          expectedChallenge: accepted.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          credential: { id: passkey.credentialId, publicKey: passkey.publicKey as Uint8Array<ArrayBuffer>, counter: passkey.signCount, transports: passkey.transports as never },
          requireUserVerification: true,
        });
        if (!result.verified) return invalid('the passkey signature could not be verified', passkey);
        info = result.authenticationInfo;
      } catch (error) {
        return invalid(`the passkey response could not be verified: ${message(error)}`, passkey);
      }
      // BE is fixed when a credential is made (WebAuthn §6.1.3); a change means a different authenticator.
      if ((info.credentialDeviceType === 'multiDevice') !== passkey.backupEligible) {
        return invalid('the passkey reported a different backup eligibility than at registration', passkey);
      }
      // Metadata loaded since registration may mark the model compromised: its passkeys stop too.
      const untrusted = metadata.refusalFor(passkey.aaGuid);
      if (untrusted) return { ok: false, kind: 'notAllowed', reason: untrusted, passkey };
      const decision = await decide(passkey);
      if (!decision.allowed) return { ok: false, kind: 'notAllowed', reason: decision.reason, passkey };
      const used = await passkeys.recordUse(passkey.id, passkey.signCount, {
        signCount: info.newCounter, backupState: info.credentialBackedUp, at: new Date(),
      });
      if (!used) return invalid('the passkey was used by another sign-in at the same moment', passkey);
      return { ok: true, passkey: { ...passkey, signCount: info.newCounter, backupState: info.credentialBackedUp } };
    },
  };
}

export type PasskeyCeremonies = ReturnType<typeof createPasskeyCeremonies>;
