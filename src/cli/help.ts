/** The top-level help; docs/reference/cli.md is generated from it and each command's help. */
export const mainHelp = `limen: identity and access control plane

Usage: limen <command> [options]

Server (run on the server's machine; uses the LIMEN_* settings):
  start [--demo] [--port N]         start Limen (first start creates the tenant and an admin)
  bootstrap-admin user|service      get into a tenant: a Global Administrator user or client
  audit verify [--json]             check the audit log's hash chain for tampering
  keys rotate [--alg A] [--overlap S]  new token-signing key, the old one kept until unused

Client (signs in with 'limen login' or LIMEN_CLIENT_ID/LIMEN_CLIENT_SECRET):
  login [--server URL] [--logout]   sign in with a device code
  users|groups|apps|sp list|get|create|update|delete
  ca list|export|import|whatif|simulate  Conditional Access policies (Graph's format), What If, replay
  signins list                      the sign-in log
  audit list                        the audit log
  agents blueprints|create|list|show|grant|inherit|disable  agent identities, sponsors, permissions
  agents registry|sync|connections|import|overview  every agent: Bedrock, Vertex AI, imports

Every command takes --json for scripts. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found,
4 not signed in or not allowed, 5 a check failed. 'limen <command> --help' for details.`;
