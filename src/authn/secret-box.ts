/**
 * Encryption at rest for secrets Limen must read back (TOTP seeds cannot be hashed). authn
 * does not hold the master key: the composition root hands it a box built on it.
 */
export interface SecretBox {
  /** `context` is bound as additional data: a sealed value moved to another row fails to open. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}
