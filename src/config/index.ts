export {
  CONFIG_FILE_NAME,
  MINIMAL_CONFIG_EXAMPLE,
  snowflakeConfigSchema,
  defaultUrl,
  resolveUrl,
  validateConfigObject,
  type SnowflakeConfig,
  type ValidationResult,
} from './schema.js';
export { readConfig, parseConfigText, type LoadedConfig } from './read.js';
export {
  atomicWrite,
  realSteps,
  serializeConfig,
  SECRET_FILE_MODE,
  type AtomicWriteSteps,
  type WriteReport,
} from './atomic-write.js';
export { updateConfig, writeSecret, type UpdateOptions } from './update.js';
export { withConfigLock, lockPathFor, DEFAULT_LOCK_WAIT_MS, LOCK_STALE_MS } from './lock.js';
export { permissionWarning, formatMode, shellQuote } from './permissions.js';
export { gitExposure, gitignoreLine, type GitExposure, type GitExposureState } from './git.js';
export { locateJsonError, type JsonErrorLocation } from './json-error.js';
