/**
 * How a blueprint proves itself at the token endpoint. Agent identities have no credentials of
 * their own: their blueprint's credential stands for all of them (Entra Agent ID's model).
 *  - privateKey: a JWT client assertion signed with the blueprint's key (RFC 7523 §2.2,
 *    OpenID Connect's private_key_jwt); the certificate is on the blueprint's keyCredentials.
 *  - federated: a token another issuer gave this workload (a Kubernetes service account token, a
 *    cloud's workload identity), trusted by one of the blueprint's federated identity credentials
 *    by issuer, subject and audience, and sent as the client assertion as is.
 *  - clientSecret: for development only.
 */
import { randomUUID } from 'node:crypto';
import type { KeyObject, webcrypto } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';

export type BlueprintCredential =
  | { kind: 'privateKey'; key: KeyObject | webcrypto.CryptoKey | string; alg?: 'ES256' | 'RS256' | 'PS256'; keyId?: string }
  | { kind: 'federated'; token: () => string | Promise<string> }
  | { kind: 'clientSecret'; secret: string };

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 6749 §2.3.1: id and secret are form-encoded before Basic's base64. */
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** Adds the blueprint's client authentication to a token request's form and headers. */
export async function authenticate(
  clientId: string, credential: BlueprintCredential, tokenEndpoint: string, form: URLSearchParams, headers: Record<string, string>,
): Promise<void> {
  switch (credential.kind) {
    case 'clientSecret':
      headers.authorization = basic(clientId, credential.secret);
      return;
    case 'federated':
      form.set('client_id', clientId);
      form.set('client_assertion_type', assertionType);
      form.set('client_assertion', await credential.token());
      return;
    case 'privateKey': {
      const alg = credential.alg ?? 'ES256';
      const key = typeof credential.key === 'string' ? await importPKCS8(credential.key, alg) : credential.key;
      // RFC 7523 §3: iss and sub are the client, aud the token endpoint, one use (jti), short-lived.
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg, ...(credential.keyId ? { kid: credential.keyId } : {}) })
        .setIssuer(clientId).setSubject(clientId).setAudience(tokenEndpoint)
        .setJti(randomUUID()).setIssuedAt().setExpirationTime('2m')
        .sign(key);
      form.set('client_id', clientId);
      form.set('client_assertion_type', assertionType);
      form.set('client_assertion', assertion);
      return;
    }
  }
}
