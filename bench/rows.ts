/** Synthetic tokens for the rendering benchmarks: as SHOW USER PROGRAMMATIC ACCESS TOKENS returns them, and as seeds. */
import type { SeedPat } from 'snowflake-pat-emulator';

const DAY_MS = 86_400_000;
const STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'EXPIRED', 'DISABLED'];

export function tokenName(i: number): string {
  return `BENCH_TOKEN_${String(i).padStart(5, '0')}`;
}

/** Rows shaped like the driver returns them for SHOW USER PROGRAMMATIC ACCESS TOKENS. */
export function showRows(count: number, now: number): Record<string, string | number | boolean | Date | null>[] {
  return Array.from({ length: count }, (_, i) => ({
    name: tokenName(i),
    user_name: 'THERMAL_SVC',
    role_restriction: i % 3 === 0 ? null : 'THERMAL_ROLE',
    expires_at: new Date(now + ((i % 400) - 30) * DAY_MS),
    status: STATUSES[i % STATUSES.length]!,
    comment: i % 2 ? `rotated by the nightly job, run ${i}` : null,
    created_on: new Date(now - (i % 60) * DAY_MS),
    created_by: 'ADMIN',
    mins_to_bypass_network_policy_requirement: null,
    rotated_to: i % 7 === 0 ? tokenName(i + 1) : null,
  }));
}

/** Seed entries for the emulator (seeding bypasses the 15-tokens-per-user limit, which only ADD enforces). */
export function seedPats(count: number, now: number): SeedPat[] {
  return Array.from({ length: count }, (_, i) => ({
    user: 'THERMAL_SVC',
    name: tokenName(i),
    secret: `bench-secret-${i}-${'x'.repeat(24)}`,
    ...(i % 3 === 0 ? {} : { roleRestriction: 'THERMAL_ROLE' }),
    daysToExpiry: 1 + (i % 365),
    createdOn: now - (i % 60) * DAY_MS,
    createdBy: 'ADMIN',
    ...(i % 5 === 4 ? { disabled: true } : {}),
    ...(i % 2 ? { comment: `rotated by the nightly job, run ${i}` } : {}),
  }));
}
