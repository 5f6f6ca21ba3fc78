/**
 * Issuing a Temporary Access Pass under the tenant's policy: the rules Graph's
 * `POST /users/{id}/authentication/temporaryAccessPassMethods` enforces
 * (https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods), kept in
 * one place for every issuer: an administrator through the API, and account recovery once a
 * user's identity is verified (design/authentication-methods.md §1.3, §4.1). Who may ask for a
 * pass is the issuer's business; what pass the policy allows is decided here.
 */
import { createDirectory } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import { createTapRepository, readTapPolicy, tapPolicyTargets, type TapPolicy, type TemporaryAccessPass } from './temporary-access-pass.ts';

/** Whether the TAP policy lets this user use a pass (transitive group membership counts). */
export async function tapEnabledFor(db: Db, userId: string, policy?: TapPolicy): Promise<boolean> {
  const p = policy ?? await readTapPolicy(db);
  if (p.state !== 'enabled') return false;
  return tapPolicyTargets(p, await createDirectory(db).groups.transitiveGroupIds(userId));
}

export type TapIssueRefusal = 'policyDisabled' | 'notTargeted' | 'lifetimeOutOfRange' | 'oneTimeOnly';

export type TapIssueResult =
  | { issued: true; tap: TemporaryAccessPass; code: string }
  | { issued: false; refusal: TapIssueRefusal; message: string };

export interface TapIssueRequest {
  userId: string;
  /** @default now */
  startDateTime?: Date | undefined;
  /** @default the policy's defaultLifetimeInMinutes */
  lifetimeInMinutes?: number | undefined;
  /** @default the policy's isUsableOnce */
  isUsableOnce?: boolean | undefined;
  now: Date;
}

/**
 * Issues a pass that replaces the user's previous one, or says which rule of the policy refused
 * it (the message is Graph-like, fit for a 400). Run it in the issuer's transaction.
 */
export async function issueTemporaryAccessPass(db: Db, request: TapIssueRequest): Promise<TapIssueResult> {
  const refuse = (refusal: TapIssueRefusal, message: string): TapIssueResult => ({ issued: false, refusal, message });
  const policy = await readTapPolicy(db);
  if (policy.state !== 'enabled') return refuse('policyDisabled', 'The Temporary Access Pass policy is disabled.');
  if (!(await tapEnabledFor(db, request.userId, policy))) {
    return refuse('notTargeted', 'The Temporary Access Pass policy does not target this user.');
  }
  const lifetime = request.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  if (lifetime < min || lifetime > max) {
    return refuse('lifetimeOutOfRange', `lifetimeInMinutes must be between ${min} and ${max}; got ${lifetime}.`);
  }
  if (policy.isUsableOnce && request.isUsableOnce === false) {
    return refuse('oneTimeOnly', 'isUsableOnce: the policy allows only one-time passes.');
  }
  const { tap, code } = await createTapRepository(db).issue({
    userId: request.userId,
    startDateTime: request.startDateTime ?? request.now,
    lifetimeInMinutes: lifetime,
    isUsableOnce: request.isUsableOnce ?? policy.isUsableOnce,
    length: policy.defaultLength,
    now: request.now,
  });
  return { issued: true, tap, code };
}
