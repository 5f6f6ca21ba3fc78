/** The logs context: the sign-in log (batched writer), the directory audit log (hash chain) and their queries. */
export {
  AUDIT_HEAD_KEY,
  auditHeadReader,
  readAuditHead,
  recordAudit,
  serialiseAuditedWrites,
  type AuditEntry,
  type AuditHead,
} from './audit-log.ts';
export {
  verifyAuditChain,
  type AuditChainProblem,
  type AuditChainProblemKind,
  type AuditChainReport,
  type VerifyOptions,
} from './audit-verify.ts';
export type {
  AuditAppIdentity,
  AuditUserIdentity,
  DirectoryAudit,
  KeyValue,
  ModifiedProperty,
  TargetResource,
} from './directory-audit.ts';
export {
  countDirectoryAudits,
  countSignIns,
  directoryAuditFields,
  getDirectoryAudit,
  getSignIn,
  listDirectoryAudits,
  listSignIns,
  signInsBetween,
  queryDirectoryAudits,
  querySignIns,
  signInFields,
  type DirectoryAuditQuery,
  type DirectoryAuditSelect,
  type LogField,
  type LogFieldType,
  type LogFilter,
  type LogPage,
  type LogPageQuery,
  type SignInQuery,
  type SignInSelect,
  type TimeRange,
} from './log-queries.ts';
export {
  signInErrors,
  signInStatus,
  type SignInErrorDefinition,
  type SignInErrorName,
  type SignInStatus,
} from './sign-in-errors.ts';
export { SignInLog, type SignInLogOptions } from './sign-in-log.ts';
export {
  recordUserSignInActivity,
  signInActivityOf,
  toSignInActivity,
  type SignInActivity,
} from './user-sign-in-activity.ts';
export { canonicalJson } from './canonical-json.ts';
export { timeOrderedId } from './time-ordered-id.ts';
export type {
  AgentSignIn,
  AgentType,
  AppliedConditionalAccessPolicy,
  AuthenticationDetail,
  DeviceDetail,
  SignIn,
  SignInEventType,
  SignInInput,
  SignInLocation,
} from './sign-in.ts';
