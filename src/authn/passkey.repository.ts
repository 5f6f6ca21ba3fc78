import { createHash } from 'node:crypto';
import type { Db, PasskeyRow } from '../store/index.ts';

/** A registered passkey, as Limen keeps it (Graph's fido2AuthenticationMethod plus more). */
/** A passkey's name, as the user gives it at My Security Info or through the API. */
export const passkeyNameMaxLength = 64;

export interface Passkey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  signCount: number;
  displayName: string;
  aaGuid: string;
  model: string | null;
  attestationFormat: string;
  attestationLevel: 'attested' | 'notAttested';
  attestationCertificates: string[];
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
  createdDateTime: string;
  lastUsedDateTime: string | null;
}

/** Graph method ids are URL-safe and short; a credential id may be up to 1023 bytes. */
export const passkeyIdOf = (credentialId: string): string =>
  createHash('sha256').update(credentialId).digest('base64url').slice(0, 22);

const fromRow = (r: PasskeyRow): Passkey => ({
  id: r.id,
  userId: r.user_id,
  credentialId: r.credential_id,
  publicKey: Buffer.from(r.public_key, 'base64url'),
  signCount: Number(r.sign_count),
  displayName: r.display_name,
  aaGuid: r.aaguid,
  model: r.model,
  attestationFormat: r.attestation_format,
  attestationLevel: r.attestation_level,
  attestationCertificates: JSON.parse(r.attestation_certificates) as string[],
  transports: JSON.parse(r.transports) as string[],
  backupEligible: Number(r.backup_eligible) === 1,
  backupState: Number(r.backup_state) === 1,
  createdDateTime: r.created_date_time,
  lastUsedDateTime: r.last_used_date_time,
});

export interface PasskeyRepository {
  listForUser(userId: string): Promise<Passkey[]>;
  get(userId: string, id: string): Promise<Passkey | undefined>;
  byCredentialId(credentialId: string): Promise<Passkey | undefined>;
  add(passkey: Passkey): Promise<void>;
  /**
   * Records a sign-in: the new signature counter and backup state. Compare-and-set on the old
   * counter, so two sign-ins racing with one assertion cannot both succeed.
   */
  recordUse(id: string, previousCount: number, next: { signCount: number; backupState: boolean; at: Date }): Promise<boolean>;
  rename(userId: string, id: string, displayName: string): Promise<boolean>;
  remove(userId: string, id: string): Promise<boolean>;
}

export function createPasskeyRepository(db: Db): PasskeyRepository {
  return {
    async listForUser(userId) {
      const rows = await db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_date_time').execute();
      return rows.map(fromRow);
    },
    async get(userId, id) {
      const row = await db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async byCredentialId(credentialId) {
      const row = await db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row && fromRow(row);
    },
    async add(p) {
      await db.insertInto('passkeys').values({
        id: p.id,
        user_id: p.userId,
        credential_id: p.credentialId,
        public_key: Buffer.from(p.publicKey).toString('base64url'),
        sign_count: p.signCount,
        display_name: p.displayName,
        aaguid: p.aaGuid,
        model: p.model,
        attestation_format: p.attestationFormat,
        attestation_level: p.attestationLevel,
        attestation_certificates: JSON.stringify(p.attestationCertificates),
        transports: JSON.stringify(p.transports),
        backup_eligible: p.backupEligible ? 1 : 0,
        backup_state: p.backupState ? 1 : 0,
        created_date_time: p.createdDateTime,
        last_used_date_time: p.lastUsedDateTime,
      }).execute();
    },
    async recordUse(id, previousCount, next) {
      const r = await db.updateTable('passkeys')
        .set({ sign_count: next.signCount, backup_state: next.backupState ? 1 : 0, last_used_date_time: next.at.toISOString() })
        .where('id', '=', id).where('sign_count', '=', previousCount)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async rename(userId, id, displayName) {
      const r = await db.updateTable('passkeys').set({ display_name: displayName })
        .where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async remove(userId, id) {
      const r = await db.deleteFrom('passkeys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
