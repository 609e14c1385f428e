/** The URL the Snowflake driver will talk to, for messages and `--verbose`; contains no secret. */
import type { ConnectionSettings } from './types.js';

/**
 * Mirrors the driver's choice: with `host`, `<protocol|https>://<host>[:<port>]`; without it, the
 * account-derived `https://<account>.snowflakecomputing.com` (the driver ignores port/protocol then).
 */
export function describeEndpoint(s: ConnectionSettings): string {
  if (s.host !== undefined && s.host !== '') {
    const host = s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host;
    return `${s.protocol ?? 'https'}://${host}${s.port !== undefined ? `:${s.port}` : ''}`;
  }
  return `https://${s.account}.snowflakecomputing.com`;
}
