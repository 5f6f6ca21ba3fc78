import { errors } from 'oidc-provider';
import type { SignInErrorName } from '../../logs/index.ts';

/**
 * A workload token that does not authenticate the client: `invalid_client` (RFC 6749 §5.2, 401)
 * like every failed client authentication, but with a description the caller sees, saying what
 * did not match and starting with Entra's AADSTS code (oidc-provider's own InvalidClientAuth says
 * only "client authentication failed"). The sign-in log records it as `logAs`.
 */
export class FederatedCredentialRefusal extends errors.InvalidClientAuth {
  readonly logAs: SignInErrorName;

  constructor(description: string, logAs: SignInErrorName) {
    super(description);
    this.error_description = description;
    this.logAs = logAs;
  }
}

export const federationRefusal = (description: string, logAs: SignInErrorName): FederatedCredentialRefusal =>
  new FederatedCredentialRefusal(description, logAs);
