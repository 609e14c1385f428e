/** The URL the Snowflake driver talks to (for the login and for messages and `--verbose`); contains no secret. */
import { endpointUrl } from '../kernel/url.js';
import type { ConnectionSettings } from './types.js';

/**
 * Mirrors the driver's choice: with `host`, `<protocol|https>://<host>[:<port>]` (an IPv6 host bracketed); without
 * it, the account-derived `https://<account>.snowflakecomputing.com` (the driver ignores port/protocol then).
 */
export function describeEndpoint(s: ConnectionSettings): string {
  if (s.host !== undefined && s.host !== '') return endpointUrl({ protocol: s.protocol, host: s.host, port: s.port });
  return `https://${s.account}.snowflakecomputing.com`;
}
