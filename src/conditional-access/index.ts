/**
 * Conditional Access: Graph's policies and named locations (policy.ts), their storage, the
 * importer and exporter (import/) and the evaluator (evaluate/).
 */
export * from './policy.ts';
export { createConditionalAccessRepository, type CaWrite, type ConditionalAccessRepository } from './policies.repository.ts';
export * from './evaluate/index.ts';
export { agentSubject, principalSubject, servicePrincipalSubject, userSubject } from './subjects.ts';
export { loadCompiledPolicies, loadPolicySet } from './compiled-policies.ts';
export { devicePlatformOf } from './device-platform.ts';
export { replay, type ReplayCounts, type ReplayOutcome, type ReplayReport } from './replay.ts';
export { categoryOf, insights, type InsightCategory, type InsightCounts, type InsightRow, type InsightsReport } from './insights.ts';
export { listEmergencyAccessIds, maxEmergencyAccessAccounts, writeEmergencyAccessIds } from './emergency-access.ts';
