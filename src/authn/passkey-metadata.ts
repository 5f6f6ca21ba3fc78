/**
 * FIDO metadata (MDS3 statements) held locally: the trust anchors that make a passkey's
 * attestation "attested", the model names shown for AAGUIDs, and the status reports that mark a
 * model as compromised or revoked. Nothing is downloaded; an admin supplies statements in a file
 * (LIMEN_FIDO_METADATA), e.g. the payload of the FIDO Alliance's MDS3 BLOB they fetched and checked.
 */
import { readFileSync } from 'node:fs';
import { MetadataService, type MetadataStatement } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import { z } from 'zod';

export interface PasskeyMetadata {
  statementFor(aaguid: string): MetadataStatement | undefined;
  /** The attestation certificates (base64 DER) of an attestation object. */
  certificatesOf(attestationObject: Uint8Array): string[];
  /**
   * Why this model must not be used, in plain words, when its latest MDS status report says it
   * is compromised or revoked; undefined otherwise (and for models with no status at all).
   */
  refusalFor(aaguid: string): string | undefined;
}

/**
 * The AuthenticatorStatus values (FIDO Metadata Service v3 §3.1.4) after which a model is not
 * trusted, with what each means, after the spec's own definitions. Every other status
 * (FIDO_CERTIFIED*, NOT_FIDO_CERTIFIED, UPDATE_AVAILABLE, SELF_ASSERTION_SUBMITTED…) is accepted.
 */
export const untrustedStatuses: Readonly<Record<string, string>> = {
  REVOKED: 'the FIDO Alliance has determined that it should not be trusted',
  USER_VERIFICATION_BYPASS: 'malware can bypass its user verification, so it can be used without its owner',
  ATTESTATION_KEY_COMPROMISE: 'its attestation key is compromised, so its make-and-model proof can be forged',
  USER_KEY_REMOTE_COMPROMISE: 'weaknesses let its passkeys be forged, guessed or extracted remotely',
  USER_KEY_PHYSICAL_COMPROMISE: 'someone holding the device can extract its passkeys',
};

const statusReportSchema = z.object({
  status: z.string().max(64),
  effectiveDate: z.string().max(32).optional(),
}).passthrough();
type StatusReport = z.infer<typeof statusReportSchema>;

/**
 * The report in force: the latest `effectiveDate`. A report without a date "is assumed to be
 * effective while present" (MDS3 §3.1.3), so it counts as current; ties keep the BLOB's order.
 */
export function latestStatus(reports: readonly StatusReport[]): StatusReport | undefined {
  let latest: StatusReport | undefined;
  for (const report of reports) {
    const at = report.effectiveDate ?? '9999';
    if (!latest || at >= (latest.effectiveDate ?? '9999')) latest = report;
  }
  return latest;
}

const statements = new Map<string, MetadataStatement>();
const statuses = new Map<string, StatusReport>();

export const passkeyMetadata: PasskeyMetadata = {
  statementFor: (aaguid) => statements.get(aaguid.toLowerCase()),
  certificatesOf(attestationObject) {
    const x5c = decodeAttestationObject(attestationObject as Uint8Array<ArrayBuffer>).get('attStmt').get('x5c') ?? [];
    return x5c.map((c) => Buffer.from(c).toString('base64'));
  },
  refusalFor(aaguid) {
    const report = statuses.get(aaguid.toLowerCase());
    const meaning = report && untrustedStatuses[report.status];
    if (!meaning) return undefined;
    const model = statements.get(aaguid.toLowerCase())?.description;
    const since = report.effectiveDate ? ` since ${report.effectiveDate}` : '';
    return `the FIDO metadata reports this passkey model (${model ? `${model}, ` : ''}AAGUID ${aaguid.toLowerCase()}) as ${report.status}${since}: ${meaning}`;
  },
};

const aaguid = z.string().regex(/^[0-9a-fA-F-]{36}$/);
// attestationTypes and authenticationAlgorithms are required by MDS3 and read by the library
// at every attested registration, so a file without them is refused at start, not mid-ceremony.
const statementSchema = z.object({
  aaguid,
  description: z.string().max(256),
  attestationTypes: z.array(z.string().max(64)).min(1),
  authenticationAlgorithms: z.array(z.string().max(64)).min(1),
  attestationRootCertificates: z.array(z.string().max(16_384)).min(1),
}).passthrough();
const entrySchema = z.object({
  aaguid: aaguid.optional(),
  metadataStatement: statementSchema.optional(),
  statusReports: z.array(statusReportSchema).max(100).optional(),
}).passthrough();
/** WebAuthn's entries name an AAGUID; the BLOB's UAF (`aaid`) and U2F (key identifier) entries do not. */
const isFido2Entry = (entry: unknown): boolean => {
  const e = entry as { aaguid?: unknown; metadataStatement?: { aaguid?: unknown } } | null;
  return typeof e?.aaguid === 'string' || typeof e?.metadataStatement?.aaguid === 'string';
};
/** A list of statements (no status reports), or an MDS3 BLOB payload ({ entries: [...] }). */
const fileSchema = z.union([
  z.array(statementSchema).transform((list) => list.map((metadataStatement) => ({ aaguid: undefined, metadataStatement, statusReports: [] as StatusReport[] }))),
  z.object({ entries: z.array(z.unknown()) }).passthrough()
    .transform((blob) => blob.entries.filter(isFido2Entry))
    .pipe(z.array(entrySchema)),
]);

/**
 * Loads statements and status reports from a JSON file into this process, and the statements
 * into @simplewebauthn's MetadataService, which then checks attestation chains against their
 * root certificates. The library has a status check of its own, but only for BLOBs it downloads
 * (statements handed to it carry no reports), so here Limen alone decides on status, by the
 * latest report (`refusalFor`). Throws an error naming the file when it is not metadata.
 */
export async function loadPasskeyMetadata(path: string): Promise<number> {
  let entries;
  try {
    entries = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(`LIMEN_FIDO_METADATA: ${path} is not a list of FIDO metadata statements or an MDS3 BLOB payload: ${(error as Error).message}`);
  }
  // Lower-case AAGUIDs, as the library looks them up: a statement it missed would leave the
  // chain unchecked while Limen, finding it, called the passkey attested.
  const list = entries.flatMap((e) => (e.metadataStatement
    ? [{ ...e.metadataStatement, aaguid: e.metadataStatement.aaguid.toLowerCase() } as unknown as MetadataStatement]
    : []));
  // Offline: no MDS servers; unknown AAGUIDs are still accepted (as not attested).
  await MetadataService.initialize({ mdsServers: [], statements: list, verificationMode: 'permissive' });
  statements.clear();
  statuses.clear();
  for (const s of list) statements.set(s.aaguid!, s);
  for (const e of entries) {
    const id = e.aaguid ?? e.metadataStatement?.aaguid;
    const latest = latestStatus(e.statusReports ?? []);
    if (id && latest) statuses.set(id.toLowerCase(), latest);
  }
  return list.length;
}
