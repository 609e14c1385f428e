// Text for `pat emulator --pangolin` and the package CLI: how to point pat, PyIceberg or your own HTTP client at a
// running Pangolin emulator seeded with pangolinDemoSeed().
/** The parts of a running Pangolin emulator the banner needs. */
interface Described {
  url: string;
  tenantId(name: string): string;
}

export function describePangolinForUser(em: Described): string {
  const tenant = em.tenantId('analytics');
  return [
    `Pangolin emulator listening on ${em.url} (tenant analytics = ${tenant}).`,
    '',
    'Admin connection for pat (paste into your shell):',
    `  export PANGOLIN_URL=${em.url} PANGOLIN_USERNAME=admin PANGOLIN_PASSWORD=admin-password PANGOLIN_TENANT_ID=${tenant}`,
    '  pat --provider pangolin create --username etl_bot --expires-in 30',
    '',
    'PyIceberg catalog (~/.pyiceberg.yaml):',
    `  catalog: { default: { type: rest, uri: ${em.url}/v1/analytics } }`,
    '',
    'Seeded users: admin (tenant admin, password admin-password), etl_bot (tenant user, password etl-password),',
    'root (root, password root-password, logs in without a tenant). State is in memory and is lost when the emulator stops.',
  ].join('\n');
}
