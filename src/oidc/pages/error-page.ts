import { escapeHtml, page } from './html.ts';

/** Plain-language reasons for OAuth error codes (RFC 6749 §4.1.2.1, §5.2; OIDC Core §3.1.2.6). */
const reasons: Record<string, string> = {
  invalid_request: 'The application sent a request Limen cannot process. Contact the application’s owner.',
  invalid_client: 'The application is not registered in this directory, or it is disabled.',
  invalid_redirect_uri: 'The application asked to return you to an address it has not registered. For your safety, Limen did not send you there.',
  unauthorized_client: 'The application is not allowed to sign you in this way.',
  access_denied: 'Access was not granted.',
  unsupported_response_type: 'The application asked for a kind of response Limen does not give.',
  invalid_scope: 'The application asked for permissions that do not exist.',
  invalid_target: 'The application asked for access to an API that is not registered in this directory.',
  server_error: 'Something went wrong on our side. Try again in a moment.',
  temporarily_unavailable: 'Limen is busy. Try again in a moment.',
  login_required: 'You need to sign in again.',
  consent_required: 'An administrator needs to approve this application first.',
  invalid_grant: 'This sign-in link has expired or was already used. Start again from the application.',
  session_not_found: 'Your sign-in session has expired. Start again from the application.',
};

export interface ErrorPageInput {
  error: string;
  description?: string | undefined;
  correlationId: string;
}

export function errorPage({ error, description, correlationId }: ErrorPageInput): string {
  const reason = reasons[error] ?? 'The sign-in could not be completed.';
  return page('Sign-in problem', `<h1>We couldn’t sign you in</h1>
<p role="alert">${escapeHtml(reason)}</p>
<dl>
<dt>Error code</dt><dd><code>${escapeHtml(error)}</code></dd>
${description ? `<dt>Details</dt><dd>${escapeHtml(description)}</dd>` : ''}
<dt>Correlation ID</dt><dd><code>${escapeHtml(correlationId)}</code></dd>
<dt>Time (UTC)</dt><dd>${escapeHtml(new Date().toISOString())}</dd>
</dl>
<p>If you ask for help, give the correlation ID: it lets an administrator find this attempt in the sign-in log.</p>`);
}
