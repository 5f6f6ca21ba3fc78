/**
 * The Conditional Access evaluator (issue #4): compile a tenant's policies once, evaluate every
 * token request and every What If against them. Pure and table-driven; storage, the API and
 * the sign-in log live elsewhere.
 */
export { addressClassifier, type AddressClass } from './address-class.ts';
export type { CaCompileProblem } from './check.ts';
export { compilePolicies, type CompiledPolicies, type CompileOptions } from './compile-policies.ts';
export { countryOfIp, countryTablesLoaded } from './country-of-ip.ts';
export { evaluate, type EvaluateOptions } from './evaluate.ts';
export { evaluateDecision } from './evaluate-decision.ts';
export {
  conditionsNotSatisfied, type CaAnalysisReason, type CaDecision, type CaEvaluation, type CaGrantControl, type CaPolicyEvaluation,
  type CaPolicyResult, type CaRequirement, type CaSessionControls,
} from './evaluation.ts';
export { FilterRuleError, parseFilterRule } from './filter-rule.ts';
export { controlErrorCodes, grantControlLabels, grantControlLogNames } from './grant-controls.ts';
export type {
  CaClientAppType, CaDeviceFacts, CaDevicePlatform, CaServicePrincipalSubject, CaSessionFacts, CaSignInContext, CaSubject, CaTarget,
  CaUserAction, CaUserSubject,
} from './sign-in-context.ts';
export type { EvaluationMode } from './sign-in-facts.ts';
