/**
 * Passkeys (FIDO2), as Graph: the method configuration with passkey profiles at
 * `/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2`
 * (https://learn.microsoft.com/graph/api/resources/fido2authenticationmethodconfiguration) and
 * each user's passkeys at `/users/{id}/authentication/fido2Methods`
 * (https://learn.microsoft.com/graph/api/resources/fido2authenticationmethod), with what Entra
 * does not show: the passkey type, backup flags, transports, signature counter and last use.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  createPasskeyRepository, defaultPasskeyProfileId, passkeyTypesOf, readFido2Policy, writeFido2Policy,
  type Fido2Policy, type Passkey, type PasskeyProfile,
} from '../../authn/index.ts';
import { isGuid, type Directory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { assertTargetsExist } from './method-targets.schema.ts';
import { userMethodRoutes } from './user-method-routes.ts';

const policyPath = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2';
const policyType = '#microsoft.graph.fido2AuthenticationMethodConfiguration';
const methodType = '#microsoft.graph.fido2AuthenticationMethod';

const targetId = z.string().min(1).max(256);
const keyRestrictionsSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.fido2KeyRestrictions').optional(),
  isEnforced: z.boolean(),
  enforcementType: z.enum(['allow', 'block']),
  aaGuids: z.array(z.string().max(64)).max(200),
});
const profileSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.passkeyProfile').optional(),
  id: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(64),
  passkeyTypes: z.string().min(1).max(64),
  attestationEnforcement: z.enum(['disabled', 'registrationOnly']),
  keyRestrictions: keyRestrictionsSchema.optional(),
});
const policyPatchSchema = z.strictObject({
  '@odata.type': z.literal(policyType).optional(),
  id: z.literal('Fido2').optional(),
  state: z.enum(['enabled', 'disabled']).optional(),
  isSelfServiceRegistrationAllowed: z.boolean().optional(),
  includeTargets: z.array(z.strictObject({
    targetType: z.literal('group').optional(),
    id: targetId,
    isRegistrationRequired: z.boolean().optional(),
    allowedPasskeyProfiles: z.array(z.string().min(1).max(64)).max(20).optional(),
  })).max(100).optional(),
  excludeTargets: z.array(z.strictObject({ targetType: z.literal('group').optional(), id: targetId })).max(100).optional(),
  passkeyProfiles: z.array(profileSchema).min(1).max(20).optional(),
  defaultPasskeyProfile: z.string().min(1).max(64).optional(),
});

const badRequest = (message: string) => new ApiError('Request_BadRequest', message);

/** Strict checks of a whole configuration, each 400 naming the field. */
async function assertValidPolicy(dir: Directory, p: Fido2Policy): Promise<void> {
  const ids = new Set<string>();
  p.passkeyProfiles.forEach((profile, i) => {
    const at = `passkeyProfiles[${i}]`;
    if (ids.has(profile.id)) throw badRequest(`${at}.id: '${profile.id}' is used by two profiles.`);
    ids.add(profile.id);
    const types = profile.passkeyTypes.split(',').map((t) => t.trim());
    const unknown = types.find((t) => t !== 'deviceBound' && t !== 'synced');
    if (unknown !== undefined) throw badRequest(`${at}.passkeyTypes: '${unknown}' is not deviceBound or synced.`);
    if (profile.attestationEnforcement === 'registrationOnly' && passkeyTypesOf(profile).includes('synced')) {
      throw badRequest(`${at}: synced passkeys carry no attestation, so a profile that enforces attestation allows deviceBound only.`);
    }
    profile.keyRestrictions.aaGuids.forEach((g, j) => {
      if (!isGuid(g)) throw badRequest(`${at}.keyRestrictions.aaGuids[${j}]: '${g}' is not an AAGUID.`);
    });
  });
  if (!ids.has(defaultPasskeyProfileId)) throw badRequest('passkeyProfiles: the default passkey profile cannot be deleted.');
  if (!ids.has(p.defaultPasskeyProfile)) throw badRequest(`defaultPasskeyProfile: '${p.defaultPasskeyProfile}' is not one of passkeyProfiles.`);
  await assertTargetsExist(dir, p);
  for (const t of p.includeTargets) {
    const missing = t.allowedPasskeyProfiles.find((id) => !ids.has(id));
    if (missing) throw badRequest(`includeTargets: '${t.id}' names passkey profile '${missing}', which does not exist.`);
  }
}

const toProfile = (p: z.infer<typeof profileSchema>): PasskeyProfile => ({
  id: p.id ?? randomUUID(),
  name: p.name,
  passkeyTypes: p.passkeyTypes.split(',').map((t) => t.trim()).join(','),
  attestationEnforcement: p.attestationEnforcement,
  keyRestrictions: p.keyRestrictions
    ? { isEnforced: p.keyRestrictions.isEnforced, enforcementType: p.keyRestrictions.enforcementType, aaGuids: p.keyRestrictions.aaGuids.map((g) => g.toLowerCase()) }
    : { isEnforced: false, enforcementType: 'block', aaGuids: [] },
});

/** Graph's fido2AuthenticationMethod plus Limen's extra facts about the passkey. */
export const fido2Method = (p: Passkey) => ({
  '@odata.type': methodType,
  id: p.id,
  displayName: p.displayName,
  createdDateTime: p.createdDateTime,
  aaGuid: p.aaGuid,
  model: p.model,
  attestationLevel: p.attestationLevel,
  attestationCertificates: p.attestationCertificates,
  passkeyType: p.backupEligible ? 'synced' : 'deviceBound',
  backupEligible: p.backupEligible,
  backupState: p.backupState,
  transports: p.transports,
  signCount: p.signCount,
  lastUsedDateTime: p.lastUsedDateTime,
});

export function passkeyRoutes(router: ApiRouter, deps: GraphDeps): void {
  const tags = ['authenticationMethods'];

  defineRoute(
    router,
    {
      method: 'GET',
      path: policyPath,
      summary: 'Get the passkey (FIDO2) policy and its passkey profiles',
      tags,
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteAuthenticationMethod),
      status: [200, 403],
    },
    async () => ({
      '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
      '@odata.type': policyType,
      ...(await readFido2Policy(deps.db)),
    }),
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: policyPath,
      summary: 'Update the passkey (FIDO2) policy and its passkey profiles',
      tags,
      description:
        'passkeyProfiles replaces the whole list (the default profile must stay); a profile that ' +
        'enforces attestation allows deviceBound passkeys only; aaGuids are GUIDs; include targets ' +
        "name 'all_users' or groups, and the profiles they allow (none = the default profile). " +
        'Profiles apply at registration and at every sign-in; attestation at registration only.',
      auth: requires(Permission.PolicyReadWriteAuthenticationMethod),
      body: policyPatchSchema,
      status: [204, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const { '@odata.type': _type, id: _id, includeTargets, excludeTargets, passkeyProfiles, ...changes } = body;
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const before = await readFido2Policy(trx);
        const after: Fido2Policy = {
          ...before,
          ...changes,
          ...(passkeyProfiles ? { passkeyProfiles: passkeyProfiles.map(toProfile) } : {}),
          ...(includeTargets ? {
            includeTargets: includeTargets.map((t) => ({
              targetType: 'group' as const,
              id: t.id,
              isRegistrationRequired: t.isRegistrationRequired ?? false,
              allowedPasskeyProfiles: t.allowedPasskeyProfiles ?? [],
            })),
          } : {}),
          ...(excludeTargets ? { excludeTargets: excludeTargets.map((t) => ({ targetType: 'group' as const, id: t.id })) } : {}),
        };
        await assertValidPolicy(dir, after);
        await writeFido2Policy(trx, after);
        return {
          result: undefined,
          audit: {
            category: 'Policy',
            activityDisplayName: 'Authentication Methods Policy Update',
            targetResources: [{ id: 'Fido2', displayName: 'Passkey (FIDO2)', type: 'Policy', modifiedProperties: modifiedProperties(before, after) }],
          },
        };
      });
      return undefined;
    },
  );

  userMethodRoutes(router, deps, {
    segment: 'fido2Methods',
    noun: 'passkeys',
    one: 'a passkey',
    auditName: 'Fido2Method',
    deleteDescription:
      'For a lost or stolen device. An administrator may delete a user\'s last passkey (issue a ' +
      'Temporary Access Pass so they can register a new one); users deleting their own last ' +
      'method at My Security Info are refused.',
    list: (db, userId) => createPasskeyRepository(db).listForUser(userId),
    get: (db, userId, id) => createPasskeyRepository(db).get(userId, id),
    remove: (db, userId, id) => createPasskeyRepository(db).remove(userId, id),
    label: (passkey) => passkey.displayName,
    resource: fido2Method,
  });
}
