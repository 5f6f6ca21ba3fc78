/**
 * FIDO metadata (MDS3 statements) held locally: the trust anchors that make a passkey's
 * attestation "attested", and the model names shown for AAGUIDs. Nothing is downloaded; an
 * admin supplies statements in a file (LIMEN_FIDO_METADATA), e.g. entries of the FIDO
 * Alliance's MDS3 BLOB they fetched and checked themselves.
 */
import { readFileSync } from 'node:fs';
import { MetadataService, type MetadataStatement } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import { z } from 'zod';

export interface PasskeyMetadata {
  statementFor(aaguid: string): MetadataStatement | undefined;
  /** The attestation certificates (base64 DER) of an attestation object. */
  certificatesOf(attestationObject: Uint8Array): string[];
}

const statements = new Map<string, MetadataStatement>();

export const passkeyMetadata: PasskeyMetadata = {
  statementFor: (aaguid) => statements.get(aaguid.toLowerCase()),
  certificatesOf(attestationObject) {
    const x5c = decodeAttestationObject(attestationObject as Uint8Array<ArrayBuffer>).get('attStmt').get('x5c') ?? [];
    return x5c.map((c) => Buffer.from(c).toString('base64'));
  },
};

const statementSchema = z.object({
  aaguid: z.string().regex(/^[0-9a-fA-F-]{36}$/),
  description: z.string().max(256),
  attestationRootCertificates: z.array(z.string().max(16_384)).min(1),
}).passthrough();
/** A list of statements, or an MDS3 BLOB payload ({ entries: [{ metadataStatement }] }). */
const fileSchema = z.union([
  z.array(statementSchema),
  z.object({ entries: z.array(z.object({ metadataStatement: statementSchema.optional() }).passthrough()) }).passthrough()
    .transform((blob) => blob.entries.flatMap((e) => (e.metadataStatement ? [e.metadataStatement] : []))),
]);

/**
 * Loads statements from a JSON file into this process (and into @simplewebauthn's
 * MetadataService, which then checks attestation chains against their root certificates).
 * Throws an error naming the file when it cannot be read or is not metadata.
 */
export async function loadPasskeyMetadata(path: string): Promise<number> {
  let parsed;
  try {
    parsed = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(`LIMEN_FIDO_METADATA: ${path} is not a list of FIDO metadata statements: ${(error as Error).message}`);
  }
  const list = parsed as unknown as MetadataStatement[];
  // Offline: no MDS servers; unknown AAGUIDs are still accepted (as not attested).
  await MetadataService.initialize({ mdsServers: [], statements: list, verificationMode: 'permissive' });
  statements.clear();
  for (const s of list) statements.set(s.aaguid!.toLowerCase(), s);
  return list.length;
}
