/**
 * The admin connection (the login pat uses to ADD / ROTATE / REMOVE tokens), resolved from
 * SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>, connections.toml / config.toml and SNOWFLAKE_* variables.
 */
export type { ConnectionSettings, ResolvedConnection, ResolveInput } from './types.js';
export { resolveAdminConnection } from './resolve.js';
export { nodeFileAccess, snowflakeHome } from './files.js';
export { describeEndpoint } from './endpoint.js';
