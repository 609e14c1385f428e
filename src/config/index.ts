export {
  MINIMAL_CONFIG_EXAMPLE,
  snowflakeConfigSchema,
  defaultUrl,
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
export { withConfigLock, DEFAULT_LOCK_WAIT_MS, LOCK_STALE_MS } from './lock.js';
export { permissionWarning, formatMode } from './permissions.js';
// Re-exported until src/commands/doctor-run.ts imports it from src/kernel/quote.ts (issue #12 restructuring).
export { shellQuote } from '../kernel/quote.js';
export { gitExposure, gitignoreLine, type GitExposure, type GitExposureState } from './git.js';
