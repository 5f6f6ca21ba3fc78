import type { DirectoryError } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';

/**
 * The directory's refusals in Graph's words: an unknown object is 404
 * `Request_ResourceNotFound`, a duplicate key 400 `Request_MultipleObjectsWithSameKeyValue`
 * (Graph answers duplicates with 400, not 409), anything else it refuses 400
 * `Request_BadRequest`. The directory's messages already name the offending value.
 */
export function directoryErrorToApi(error: DirectoryError): ApiError {
  switch (error.kind) {
    case 'notFound':
      return new ApiError('Request_ResourceNotFound', error.message);
    case 'conflict':
      // Graph's "already a member/owner" is a plain bad request, not a duplicate key.
      return error.message.startsWith('One or more added object references already exist')
        ? new ApiError('Request_BadRequest', error.message)
        : new ApiError('Request_MultipleObjectsWithSameKeyValue', error.message);
    case 'invalid':
      return new ApiError('Request_BadRequest', error.message);
  }
}

/** 404 in Graph's words for an object that a path names but that does not exist. */
export function notFound(id: string): ApiError {
  return new ApiError(
    'Request_ResourceNotFound',
    `Resource '${id.slice(0, 200)}' does not exist or one of its queried reference-property ` +
      'objects are not present.',
  );
}
