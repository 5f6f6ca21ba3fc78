import type { AuthenticationDetail } from '../../logs/index.ts';

/**
 * The sign-in log's authenticationDetails, one entry per method tried, in the words Entra's
 * Authentication Details tab uses ("Primary authentication", "MFA").
 */
type Method = 'Password' | 'Passkey (device-bound)' | 'Passkey (synced)' | 'Temporary Access Pass' | 'OATH verification code';

export function authStep(
  method: Method,
  succeeded: boolean,
  resultDetail: string,
  options: { secondFactor?: boolean; detail?: string | null; at?: Date } = {},
): AuthenticationDetail {
  return {
    authenticationStepDateTime: (options.at ?? new Date()).toISOString(),
    authenticationMethod: method,
    authenticationMethodDetail: options.detail ?? null,
    succeeded,
    authenticationStepResultDetail: resultDetail,
    authenticationStepRequirement: options.secondFactor ? 'Multifactor authentication' : 'Primary authentication',
  };
}
