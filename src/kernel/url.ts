/**
 * The base URL of an endpoint from its parts: an IPv6 literal is bracketed (`http://[::1]:8080`), as RFC 3986
 * requires, so that its colons cannot be read as a port separator.
 */
export interface Endpoint {
  /** http or https; https when absent. */
  protocol?: string | undefined;
  /** A host name, IPv4 address or IPv6 address (bare or already bracketed). */
  host: string;
  port?: number | string | undefined;
}

/** The host as it goes into a URL: IPv6 literals bracketed, everything else unchanged. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `<protocol>://<host>[:<port>]`, no trailing slash. */
export function endpointUrl(endpoint: Endpoint): string {
  const port = endpoint.port === undefined || endpoint.port === '' ? '' : `:${endpoint.port}`;
  return `${endpoint.protocol ?? 'https'}://${urlHost(endpoint.host)}${port}`;
}
