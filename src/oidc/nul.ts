/**
 * Protocol parameters (client_id, resource names, user codes, usernames) come straight from the
 * network. A NUL character can name nothing, and PostgreSQL refuses to even compare one (an
 * error, where SQLite just finds no row): such a value is answered as "not found" before any
 * query, the same on both engines, never as a server error.
 */
export const hasNul = (value: string): boolean => value.includes('\u0000');
