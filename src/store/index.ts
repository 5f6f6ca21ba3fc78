export { openStore, type Db, type Engine, type Store, type StoreOptions } from './open-store.ts';
export type * from './tables.ts';
