/**
 * What the directory refuses, in domain terms; the API maps each kind to Graph's error code and
 * HTTP status, the CLI to an exit code. Messages name the offending value.
 */
export type DirectoryErrorKind = 'notFound' | 'conflict' | 'invalid';

export class DirectoryError extends Error {
  override name = 'DirectoryError';
  readonly kind: DirectoryErrorKind;
  constructor(kind: DirectoryErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
