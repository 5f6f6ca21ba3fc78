/**
 * Graph's keyCredential: a public X.509 certificate (base64 DER) an app proves itself with for
 * private_key_jwt (RFC 7523). As in Entra, what the certificate says is derived from it: the
 * thumbprint (customKeyIdentifier), the validity window (startDateTime/endDateTime), which a
 * caller may narrow but not widen, and, without a displayName, the subject as the name. A PATCH replaces the whole collection, and Graph reads keys
 * back as null, so an entry with only the keyId of a certificate already on the app keeps it.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { DirectoryError } from './directory-error.ts';
import { newId } from './stable-id.ts';

const certificateKey = z.string().min(100).max(16_384).regex(/^[A-Za-z0-9+/=\r\n]+$/, 'must be the base64 DER of a certificate')
  .superRefine((key, ctx) => {
    // Parsed now, so a certificate that cannot verify client assertions is refused here
    // instead of breaking the client at its next sign-in.
    const problem = certificateProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const keyCredentialSchema = z.strictObject({
  keyId: z.uuid().optional(),
  type: z.literal('AsymmetricX509Cert'),
  usage: z.literal('Verify'),
  key: certificateKey.nullable().optional(),
  customKeyIdentifier: z.string().max(128).nullable().optional(),
  displayName: z.string().max(256).nullable().optional(),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
});
export type KeyCredentialInput = z.infer<typeof keyCredentialSchema>;

export interface KeyCredential {
  keyId: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  key: string;
  /** The certificate's SHA-1 thumbprint in hex unless the caller chose another identifier. */
  customKeyIdentifier: string | null;
  displayName: string | null;
  startDateTime: string;
  endDateTime: string;
}

/** Why a certificate cannot serve private_key_jwt (RFC 7523), or undefined when it can. */
export function certificateProblem(base64: string): string | undefined {
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

/** The certificate's SHA-1 thumbprint as Windows and Entra show it: 40 upper-case hex digits. */
export function certificateThumbprint(base64: string): string {
  return new X509Certificate(Buffer.from(base64, 'base64')).fingerprint.replaceAll(':', '').toUpperCase();
}

/** The collection a PATCH (or a create) asks for, resolved against the keys the app has now. */
export function resolveKeyCredentials(input: readonly KeyCredentialInput[], current: readonly KeyCredential[]): KeyCredential[] {
  const seen = new Set<string>();
  return input.map((entry, i) => {
    const field = (name: string) => `keyCredentials[${i}].${name}`;
    if (entry.keyId && seen.has(entry.keyId)) throw new DirectoryError('invalid', `${field('keyId')}: the keyId '${entry.keyId}' appears twice.`);
    if (entry.keyId) seen.add(entry.keyId);
    const stored = entry.keyId ? current.find((k) => k.keyId === entry.keyId) : undefined;
    const key = entry.key ?? stored?.key;
    if (!key) {
      throw new DirectoryError('invalid', entry.keyId
        ? `${field('key')} is required: the application has no certificate with keyId '${entry.keyId}' to keep.`
        : `${field('key')} is required: the base64 DER of the certificate.`);
    }
    const kept = stored && stored.key === key.replace(/\s+/g, '') ? stored : undefined;
    const certificate = new X509Certificate(Buffer.from(key, 'base64'));
    const notBefore = new Date(certificate.validFrom);
    const notAfter = new Date(certificate.validTo);
    const start = entry.startDateTime ?? kept?.startDateTime ?? notBefore.toISOString();
    const end = entry.endDateTime ?? kept?.endDateTime ?? notAfter.toISOString();
    if (new Date(start) < notBefore) {
      throw new DirectoryError('invalid', `${field('startDateTime')} must not be before the certificate becomes valid (${notBefore.toISOString()}).`);
    }
    if (new Date(end) > notAfter) {
      throw new DirectoryError('invalid', `${field('endDateTime')} must not be after the certificate expires (${notAfter.toISOString()}).`);
    }
    if (new Date(end) <= new Date(start)) throw new DirectoryError('invalid', `${field('endDateTime')} must be after startDateTime.`);
    return {
      keyId: entry.keyId ?? newId(),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: key.replace(/\s+/g, ''),
      customKeyIdentifier: entry.customKeyIdentifier ?? kept?.customKeyIdentifier ?? certificateThumbprint(key),
      displayName: entry.displayName !== undefined ? entry.displayName : kept ? kept.displayName : certificate.subject.split('\n').join(', ').slice(0, 256),
      startDateTime: new Date(start).toISOString(),
      endDateTime: new Date(end).toISOString(),
    };
  });
}
