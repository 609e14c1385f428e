export {
  snowflakeConfigSchema,
  defaultUrl,
  validateConfigObject,
  type SnowflakeConfig,
} from './schema.js';
export { readConfig, parseConfigText, type LoadedConfig } from './read.js';
export {
  atomicWrite,
  realSteps,
  serializeConfig,
  type AtomicWriteSteps,
  type WriteReport,
} from './atomic-write.js';
export { updateConfig, writeSecret } from './update.js';
export { withConfigLock, LOCK_STALE_MS } from './lock.js';
export { permissionWarning, formatMode } from './permissions.js';
export { gitExposure, gitignoreLine } from './git.js';
