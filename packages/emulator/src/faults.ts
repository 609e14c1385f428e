// Test-only fault injection. Each fault fires on matching requests until its
// `times` budget runs out (Infinity = forever); the first matching fault of a
// kind wins.
export type EndpointKind = 'login' | 'query' | 'logout' | 'telemetry' | 'renew' | 'other';

export type Fault =
  | { kind: 'drop-after-execute'; sqlMatch: RegExp; times?: number }
  | { kind: 'drop-before-execute'; sqlMatch: RegExp; times?: number }
  | { kind: 'delay'; ms: number; sqlMatch?: RegExp; endpoint?: EndpointKind; times?: number }
  /** The request runs at once; only its reply is held back (a slow network after the statement took effect). */
  | { kind: 'delay-reply'; ms: number; sqlMatch?: RegExp; endpoint?: EndpointKind; times?: number }
  | { kind: 'http-status'; status: number; sqlMatch?: RegExp; endpoint?: EndpointKind; times?: number }
  | { kind: 'expire-session'; times?: number };

interface Armed {
  fault: Fault;
  left: number;
}

export class Faults {
  private armed: Armed[] = [];

  inject(fault: Fault): void {
    this.armed.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /**
   * Consumes and returns the first live fault of `kind` matching this request.
   * A fault with sqlMatch only matches query requests; one with endpoint only that endpoint.
   */
  take<K extends Fault['kind']>(kind: K, endpoint: EndpointKind, sqlText: string | undefined): Extract<Fault, { kind: K }> | undefined {
    for (const a of this.armed) {
      const f = a.fault;
      if (f.kind !== kind || a.left <= 0) continue;
      if ('endpoint' in f && f.endpoint !== undefined && f.endpoint !== endpoint) continue;
      if ('sqlMatch' in f && f.sqlMatch !== undefined) {
        if (sqlText === undefined) continue;
        f.sqlMatch.lastIndex = 0; // a /g regex must not remember earlier matches
        if (!f.sqlMatch.test(sqlText)) continue;
      }
      if (kind === 'expire-session' && endpoint !== 'query') continue;
      a.left -= 1;
      return f as Extract<Fault, { kind: K }>;
    }
    return undefined;
  }
}
