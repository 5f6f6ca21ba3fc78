export {
  ApiError,
  assertThat,
  graphErrorStatus,
  type ApiErrorOptions,
  type ErrorDetail,
  type GraphErrorBody,
  type GraphErrorCode,
} from './api-error.ts';
export type { ApiContext, ApiRouter, ApiState } from './api-state.ts';
export {
  authorize,
  callerFromClaims,
  isAuthorized,
  requires,
  type AccessTokenClaims,
  type AuthRequirement,
  type Caller,
} from './authorization.ts';
export {
  DirectoryRole,
  Permission,
  directoryRolePermissions,
  permissionDescriptions,
  permissionsGranting,
  rolesGranting,
  type DirectoryRoleId,
} from './permissions.ts';
export {
  defineRoute,
  type HttpMethod,
  type RouteHandler,
  type RouteInput,
  type RouteResult,
  type RouteSpec,
} from './define-route.ts';
export { createApi, type ApiOptions, type RouteModule } from './create-api.ts';
export type { VerifyAccessToken } from './koa-authenticate.ts';
export type { ErrorLogger } from './koa-error-handler.ts';
export { buildOpenApiDocument, type OpenApiOptions } from './openapi.ts';
export { routesOf, type RouteRecord } from './route-registry.ts';
