import { errors } from 'oidc-provider';
import type { SignInErrorName } from '../../logs/index.ts';
import { noteTokenLogFacts } from '../sign-in-events.ts';

/** The OAuth error codes the agent token flow answers with (RFC 6749 §5.2, RFC 8693 §2.2.2, RFC 8707 §2). */
export type AgentGrantError = 'invalid_request' | 'invalid_grant' | 'invalid_scope' | 'invalid_target' | 'unauthorized_client';

/**
 * A refused agent token request: the client gets `error` and a description it sees (starting
 * with the AADSTS code where Entra has one; InvalidGrant's detail would reach only the log), the
 * sign-in log records the failure as `logAs`.
 */
export class AgentGrantRefusal extends errors.CustomOIDCProviderError {
  readonly logAs: SignInErrorName;

  constructor(error: AgentGrantError, description: string, logAs: SignInErrorName) {
    super(error, description);
    this.logAs = logAs;
  }
}

export const refusal = (error: AgentGrantError, description: string, logAs: SignInErrorName): AgentGrantRefusal =>
  new AgentGrantRefusal(error, description, logAs);

/** Runs a step of the flow; a refusal it throws is noted for the request's sign-in event first. */
export async function loggingRefusals<T>(ctx: object, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AgentGrantRefusal) noteTokenLogFacts(ctx, { failure: error.logAs });
    throw error;
  }
}
