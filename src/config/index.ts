export { configOptions } from './defaults.ts';
export { ConfigError, loadConfig, type LimenConfig } from './load-config.ts';
