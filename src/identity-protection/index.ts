/**
 * Identity Protection: the risk of users and service principals (Graph's riskyUser and
 * riskyServicePrincipal), set for now by administrators' actions, read by Conditional Access
 * (`userRiskLevels`, `servicePrincipalRiskLevels`) and recorded in the sign-in log.
 */
export * from './risk.ts';
export { servicePrincipalRiskActions, userRiskActions, type RiskAction } from './admin-actions.ts';
export {
  createRiskRepository, type RiskChangeBy, type RiskPrincipal, type RiskRepository, type RiskyServicePrincipalQuery, type RiskyUserQuery,
} from './risk.repository.ts';
