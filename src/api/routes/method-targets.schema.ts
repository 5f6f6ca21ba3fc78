import { z } from 'zod';
import type { MethodExcludeTarget, MethodIncludeTarget } from '../../authn/index.ts';
import type { Directory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';

/** Graph's authenticationMethodTarget / excludeTarget in a method configuration PATCH. */
const targetId = z.string().min(1).max(256);
export const includeTargetsSchema = z.array(z.strictObject({
  targetType: z.literal('group').optional(),
  id: targetId,
  isRegistrationRequired: z.boolean().optional(),
})).max(100);
export const excludeTargetsSchema = z.array(z.strictObject({ targetType: z.literal('group').optional(), id: targetId })).max(100);

export const toIncludeTargets = (ts: z.infer<typeof includeTargetsSchema>): MethodIncludeTarget[] =>
  ts.map((t) => ({ targetType: 'group', id: t.id, isRegistrationRequired: t.isRegistrationRequired ?? false }));
export const toExcludeTargets = (ts: z.infer<typeof excludeTargetsSchema>): MethodExcludeTarget[] =>
  ts.map((t) => ({ targetType: 'group', id: t.id }));

/** Every target is `all_users` or an existing group; a 400 names the first that is not. */
export async function assertTargetsExist(
  dir: Directory,
  policy: { includeTargets: ReadonlyArray<{ id: string }>; excludeTargets: ReadonlyArray<{ id: string }> },
): Promise<void> {
  for (const [field, targets] of [['includeTargets', policy.includeTargets], ['excludeTargets', policy.excludeTargets]] as const) {
    for (const t of targets) {
      if (t.id !== 'all_users' && !(await dir.groups.get(t.id))) {
        throw new ApiError('Request_BadRequest', `${field}: '${t.id}' is neither 'all_users' nor the id of a group.`);
      }
    }
  }
}
