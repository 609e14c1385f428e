import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, ExitCode } from '../../src/errors.js';
import {
  describeEndpoint,
  resolveAdminConnection,
  type ResolvedConnection,
  type ResolveInput,
} from '../../src/connection/index.js';

const HOME = join('/home', 'u');
const DIR = join(HOME, '.snowflake');
const CONNECTIONS = join(DIR, 'connections.toml');
const CONFIG = join(DIR, 'config.toml');

type FakeFile = string | { text: string; mode: number } | { error: string };

/** An in-memory filesystem: path → text (mode 0600), text+mode, or an error code readFile throws. */
function fakeFs(files: Record<string, FakeFile>): Pick<ResolveInput, 'readFile' | 'statMode'> {
  return {
    async readFile(p) {
      const f = files[p];
      if (f === undefined) return undefined;
      if (typeof f === 'string') return f;
      if ('error' in f) throw Object.assign(new Error(`${f.error}: ${p}`), { code: f.error });
      return f.text;
    },
    async statMode(p) {
      const f = files[p];
      if (f === undefined) return undefined;
      if (typeof f === 'string') return 0o600;
      if ('error' in f) return 0o000;
      return f.mode;
    },
  };
}

function resolve(
  files: Record<string, FakeFile>,
  env: Record<string, string | undefined> = {},
  extra: Partial<ResolveInput> = {},
): Promise<ResolvedConnection> {
  return resolveAdminConnection({ env, homeDir: HOME, ...fakeFs(files), ...extra });
}

async function resolveError(
  files: Record<string, FakeFile>,
  env: Record<string, string | undefined> = {},
  extra: Partial<ResolveInput> = {},
): Promise<ConfigError> {
  try {
    await resolve(files, env, extra);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.exitCode, ExitCode.usage);
    assert.equal(err.exitCode, 2);
    return err;
  }
  assert.fail('expected a ConfigError');
}

const DEV = `[dev]\naccount = "myorg-dev"\nuser = "alice"\npassword = "pw-dev"\n`;

describe('connection: precedence', () => {
  const files = { [CONNECTIONS]: `${DEV}role = "FILE_ROLE"\n` };
  const all = {
    SNOWFLAKE_CONNECTIONS_DEV_ROLE: 'ENV_CONN_ROLE',
    SNOWFLAKE_ROLE: 'GENERIC_ROLE',
  };

  it('SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> beats the file section', async () => {
    const r = await resolve(files, all, { connectionName: 'dev' });
    assert.equal(r.settings.role, 'ENV_CONN_ROLE');
    assert.equal(r.origins.role, 'SNOWFLAKE_CONNECTIONS_DEV_ROLE');
  });

  it('the file section beats generic SNOWFLAKE_* variables', async () => {
    const r = await resolve(files, { SNOWFLAKE_ROLE: 'GENERIC_ROLE' }, { connectionName: 'dev' });
    assert.equal(r.settings.role, 'FILE_ROLE');
    assert.match(r.origins.role ?? '', /role in \[dev\] of .*connections\.toml/);
  });

  it('generic SNOWFLAKE_* variables fill what the section lacks', async () => {
    const r = await resolve(files, { SNOWFLAKE_WAREHOUSE: 'WH', SNOWFLAKE_USER: 'bob', SNOWFLAKE_SCHEMA: 'S' }, { connectionName: 'dev' });
    assert.equal(r.settings.warehouse, 'WH');
    assert.equal(r.settings.schema, 'S');
    assert.equal(r.settings.user, 'alice', 'the file user is not replaced by SNOWFLAKE_USER');
    assert.equal(r.origins.warehouse, 'SNOWFLAKE_WAREHOUSE');
  });

  it('empty env values do not blank lower layers', async () => {
    const r = await resolve(files, { SNOWFLAKE_CONNECTIONS_DEV_ROLE: '' }, { connectionName: 'dev' });
    assert.equal(r.settings.role, 'FILE_ROLE');
  });

  it('per-key env overrides use the upper-cased name, accept aliases and ignore other connections', async () => {
    const r = await resolve(
      { [CONNECTIONS]: `[dev]\naccount = "a"\nuser = "u"\nauthenticator = "snowflake_jwt"\n` },
      {
        SNOWFLAKE_CONNECTIONS_DEV_PRIVATE_KEY_PATH: '/keys/dev.p8',
        SNOWFLAKE_CONNECTIONS_DEV_USERNAME: 'env-user',
        SNOWFLAKE_CONNECTIONS_PROD_WAREHOUSE: 'PROD_WH',
        SNOWFLAKE_CONNECTIONS_DEV_NOT_A_KEY: 'x',
      },
      { connectionName: 'dev' },
    );
    assert.equal(r.settings.privateKeyFile, '/keys/dev.p8');
    assert.equal(r.settings.user, 'env-user');
    assert.equal(r.settings.warehouse, undefined);
  });

  it('per-key env overrides can override port and host for a local endpoint', async () => {
    const r = await resolve({ [CONNECTIONS]: DEV }, {
      SNOWFLAKE_CONNECTIONS_DEV_HOST: '127.0.0.1',
      SNOWFLAKE_CONNECTIONS_DEV_PORT: '9999',
      SNOWFLAKE_CONNECTIONS_DEV_PROTOCOL: 'http',
    }, { connectionName: 'dev' });
    assert.equal(describeEndpoint(r.settings), 'http://127.0.0.1:9999');
  });
});

describe('connection: choosing the name', () => {
  const four = ['flag', 'envname', 'cfgname', 'default']
    .map((n) => `[${n}]\naccount = "acct_${n}"\nuser = "u"\npassword = "p"\n`)
    .join('\n');
  const files = { [CONNECTIONS]: four, [CONFIG]: 'default_connection_name = "cfgname"\n' };

  it('--connection wins', async () => {
    const r = await resolve(files, { SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'envname' }, { connectionName: 'flag' });
    assert.equal(r.name, 'flag');
    assert.equal(r.settings.account, 'acct_flag');
  });

  it('then SNOWFLAKE_DEFAULT_CONNECTION_NAME', async () => {
    const r = await resolve(files, { SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'envname' });
    assert.equal(r.name, 'envname');
    assert.equal(r.settings.account, 'acct_envname');
  });

  it('then default_connection_name in config.toml (even when connections.toml holds the connections)', async () => {
    const r = await resolve(files);
    assert.equal(r.name, 'cfgname');
    assert.equal(r.settings.account, 'acct_cfgname');
  });

  it('then "default"', async () => {
    const r = await resolve({ [CONNECTIONS]: four });
    assert.equal(r.name, 'default');
    assert.equal(r.settings.account, 'acct_default');
  });

  it('SNOWFLAKE_HOME moves the directory, with ~ expanded', async () => {
    const other = join(HOME, 'sf');
    const r = await resolve(
      { [join(other, 'connections.toml')]: DEV, [CONNECTIONS]: `[dev]\naccount = "wrong"\nuser = "u"\npassword = "p"\n` },
      { SNOWFLAKE_HOME: '~/sf' },
      { connectionName: 'dev' },
    );
    assert.equal(r.settings.account, 'myorg-dev');
    assert.equal(r.source, `connection "dev" in ${join('~', 'sf', 'connections.toml')}`);
  });
});

describe('connection: connections.toml and config.toml', () => {
  it('connections.toml replaces config.toml connections', async () => {
    const files = {
      [CONNECTIONS]: DEV,
      [CONFIG]: `[connections.dev]\naccount = "from-config"\nuser = "u"\npassword = "p"\n[connections.old]\naccount = "old"\nuser = "u"\npassword = "p"\n`,
    };
    const r = await resolve(files, {}, { connectionName: 'dev' });
    assert.equal(r.settings.account, 'myorg-dev');
    assert.equal(r.source, `connection "dev" in ${join('~', '.snowflake', 'connections.toml')}`);

    const err = await resolveError(files, {}, { connectionName: 'old' });
    assert.match(err.message, /Connection "old"/);
    assert.match(err.hint ?? '', /replaces/);
    assert.ok((err.hint ?? '').includes(CONFIG));
    assert.ok((err.hint ?? '').includes('[old]'));
  });

  it('config.toml [connections.<name>] is used when connections.toml is absent or defines none', async () => {
    for (const connectionsText of [undefined, '# nothing yet\n']) {
      const files: Record<string, string> = {
        [CONFIG]: `default_connection_name = "dev"\n[connections.dev]\naccount = "cfg-acct"\nusername = "carol"\npassword = "p"\n`,
      };
      if (connectionsText !== undefined) files[CONNECTIONS] = connectionsText;
      const r = await resolve(files);
      assert.equal(r.settings.account, 'cfg-acct');
      assert.equal(r.settings.user, 'carol', 'username is an alias of user');
      assert.equal(r.source, `connection "dev" in ${join('~', '.snowflake', 'config.toml')}`);
      assert.match(r.origins.user ?? '', /\[connections\.dev\]/);
    }
  });

  it('user beats username; private_key_path is an alias of private_key_file; unknown keys are ignored', async () => {
    const r = await resolve({
      [CONNECTIONS]: `[default]\naccount = "a"\nusername = "alias"\nuser = "real"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_path = "~/k.p8"\nprivate_key_file_pwd = "kp"\nclient_session_keep_alive = true\n`,
    });
    assert.equal(r.settings.user, 'real');
    assert.equal(r.settings.privateKeyFile, join(HOME, 'k.p8'));
    assert.equal(r.settings.privateKeyFilePwd, 'kp');
    assert.deepEqual(Object.keys(r.settings).sort(), ['account', 'authenticator', 'privateKeyFile', 'privateKeyFilePwd', 'user']);
  });

  it('reads every documented key', async () => {
    const r = await resolve({
      [CONNECTIONS]: [
        '[default]',
        'account = "org-acct"', 'user = "u"', 'authenticator = "programmatic_access_token"', 'token = "t"',
        'token_file_path = "/t/file"', 'role = "R"', 'warehouse = "W"', 'database = "D"', 'schema = "S"',
        'host = "localhost"', 'port = 8080', 'protocol = "http"',
      ].join('\n'),
    });
    assert.deepEqual(r.settings, {
      account: 'org-acct', user: 'u', authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: 't', tokenFilePath: '/t/file',
      role: 'R', warehouse: 'W', database: 'D', schema: 'S', host: 'localhost', port: 8080, protocol: 'http',
    });
  });
});

describe('connection: environment only', () => {
  it('resolves from SNOWFLAKE_* when no file section exists', async () => {
    const r = await resolve({}, {
      SNOWFLAKE_ACCOUNT: 'envacct', SNOWFLAKE_USER: 'envuser', SNOWFLAKE_PASSWORD: 'envpw', SNOWFLAKE_ROLE: 'ACCOUNTADMIN',
    });
    assert.equal(r.name, 'default');
    assert.equal(r.source, 'SNOWFLAKE_* environment variables');
    assert.deepEqual(r.settings, { account: 'envacct', user: 'envuser', password: 'envpw', role: 'ACCOUNTADMIN' });
    assert.deepEqual(r.warnings, []);
  });

  it('resolves from SNOWFLAKE_CONNECTIONS_<NAME>_* alone, generic variables filling gaps', async () => {
    const r = await resolve({}, {
      SNOWFLAKE_CONNECTIONS_DEFAULT_ACCOUNT: 'connacct',
      SNOWFLAKE_CONNECTIONS_DEFAULT_USER: 'connuser',
      SNOWFLAKE_ACCOUNT: 'genericacct',
      SNOWFLAKE_AUTHENTICATOR: 'externalbrowser',
    });
    assert.equal(r.settings.account, 'connacct');
    assert.equal(r.settings.authenticator, 'EXTERNALBROWSER');
    assert.equal(r.source, 'SNOWFLAKE_CONNECTIONS_DEFAULT_* environment variables');
  });

  it('reads host/port/protocol from the environment', async () => {
    const r = await resolve({}, {
      SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p',
      SNOWFLAKE_HOST: '127.0.0.1', SNOWFLAKE_PORT: '8443', SNOWFLAKE_PROTOCOL: 'HTTP',
    });
    assert.equal(r.settings.port, 8443);
    assert.equal(r.settings.protocol, 'http');
    assert.equal(describeEndpoint(r.settings), 'http://127.0.0.1:8443');
  });
});

describe('connection: host, port, protocol', () => {
  const base = '[default]\naccount = "a"\nuser = "u"\npassword = "p"\n';

  it('honours a plain-http local endpoint', async () => {
    const r = await resolve({ [CONNECTIONS]: `${base}host = "127.0.0.1"\nport = 8080\nprotocol = "http"\n` });
    assert.equal(r.settings.host, '127.0.0.1');
    assert.equal(r.settings.port, 8080);
    assert.equal(r.settings.protocol, 'http');
    assert.equal(describeEndpoint(r.settings), 'http://127.0.0.1:8080');
    assert.deepEqual(r.warnings, []);
  });

  it('accepts the port as a string and the protocol in any case', async () => {
    const r = await resolve({ [CONNECTIONS]: `${base}host = "h.example"\nport = "443"\nprotocol = "HTTPS"\n` });
    assert.equal(r.settings.port, 443);
    assert.equal(r.settings.protocol, 'https');
  });

  it('describeEndpoint: account-derived without host, https by default, IPv6 bracketed', () => {
    assert.equal(describeEndpoint({ account: 'myacct' }), 'https://myacct.snowflakecomputing.com');
    assert.equal(describeEndpoint({ account: 'a', host: 'h.example' }), 'https://h.example');
    assert.equal(describeEndpoint({ account: 'a', host: '::1', port: 80, protocol: 'http' }), 'http://[::1]:80');
    assert.ok(!describeEndpoint({ account: 'a', password: 'SECRETPW', token: 'SECRETTOK' }).includes('SECRET'));
  });

  it('warns that port/protocol without host are ignored', async () => {
    const r = await resolve({ [CONNECTIONS]: `${base}port = 8080\n` });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /port .* without host/);
    assert.match(r.warnings[0] ?? '', /https:\/\/a\.snowflakecomputing\.com/);
  });

  for (const [port, shown] of [['0', '"0"'], ['65536', '"65536"'], ['"80a"', '"80a"'], ['80.5', '"80.5"'], ['-1', '"-1"']] as const) {
    it(`rejects port = ${port}`, async () => {
      const err = await resolveError({ [CONNECTIONS]: `${base}host = "h"\nport = ${port}\n` });
      assert.ok(err.message.includes(`Invalid port ${shown}`), err.message);
      assert.ok(err.message.includes(CONNECTIONS), 'names the file');
      assert.match(err.message, /1 to 65535/);
      assert.equal(err.file, CONNECTIONS);
    });
  }

  it('rejects a bad port from the environment, naming the variable', async () => {
    const err = await resolveError({}, { SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p', SNOWFLAKE_PORT: 'eighty' });
    assert.match(err.message, /Invalid port "eighty" from SNOWFLAKE_PORT/);
  });

  it('rejects a protocol other than http/https', async () => {
    const err = await resolveError({ [CONNECTIONS]: `${base}protocol = "ftp"\n` });
    assert.match(err.message, /Invalid protocol "ftp" from protocol in \[default\]/);
    assert.match(err.message, /http or https/);
  });

  it('rejects a host with scheme or port, telling how to split it', async () => {
    const err = await resolveError({ [CONNECTIONS]: `${base}host = "http://127.0.0.1:8080"\n` });
    assert.match(err.message, /Invalid host/);
    assert.match(err.hint ?? '', /port = 8080/);
  });

  for (const account of ['my acct', 'https://x.snowflakecomputing.com', 'a..b', '-a']) {
    it(`rejects account ${JSON.stringify(account)} (driver rule)`, async () => {
      const err = await resolveError({ [CONNECTIONS]: `[default]\naccount = "${account}"\nuser = "u"\npassword = "p"\n` });
      assert.ok(err.message.includes(`Invalid account ${JSON.stringify(account)}`), err.message);
    });
  }

  it('accepts the account forms the driver accepts', async () => {
    for (const account of ['myorg-myacct', 'xy12345.us-east-1', 'xy12345.us-east-1.aws', 'ACCT_1']) {
      const r = await resolve({ [CONNECTIONS]: `[default]\naccount = "${account}"\nuser = "u"\npassword = "p"\n` });
      assert.equal(r.settings.account, account);
    }
  });
});

describe('connection: authenticators', () => {
  const conn = (extra: string): Record<string, string> => ({ [CONNECTIONS]: `[dev]\naccount = "a"\nuser = "u"\n${extra}` });

  it('upper-cases authenticator names but keeps Okta URLs', async () => {
    const r = await resolve(conn('authenticator = "externalbrowser"\n'), {}, { connectionName: 'dev' });
    assert.equal(r.settings.authenticator, 'EXTERNALBROWSER');
    const okta = await resolve(conn('authenticator = "https://myorg.okta.com"\npassword = "p"\n'), {}, { connectionName: 'dev' });
    assert.equal(okta.settings.authenticator, 'https://myorg.okta.com');
  });

  it('SNOWFLAKE (explicit or absent) needs a password, naming key, connection, file and variables', async () => {
    for (const extra of ['', 'authenticator = "snowflake"\n']) {
      const err = await resolveError(conn(extra), {}, { connectionName: 'dev' });
      assert.equal(err.message, `Connection "dev" in ${CONNECTIONS} has no password.`);
      assert.match(err.hint ?? '', /SNOWFLAKE_CONNECTIONS_DEV_PASSWORD or SNOWFLAKE_PASSWORD/);
      assert.match(err.hint ?? '', /\[dev\]/);
    }
  });

  it('SNOWFLAKE_JWT needs private_key_file', async () => {
    const err = await resolveError(conn('authenticator = "SNOWFLAKE_JWT"\n'), {}, { connectionName: 'dev' });
    assert.match(err.message, /has no private_key_file/);
    assert.match(err.hint ?? '', /SNOWFLAKE_PRIVATE_KEY_FILE/);
    const ok = await resolve(conn('authenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "/k.p8"\n'), {}, { connectionName: 'dev' });
    assert.equal(ok.settings.privateKeyFile, '/k.p8');
  });

  it('PROGRAMMATIC_ACCESS_TOKEN needs token or token_file_path and warns that rotate/revoke will be refused', async () => {
    const err = await resolveError(conn('authenticator = "PROGRAMMATIC_ACCESS_TOKEN"\n'), {}, { connectionName: 'dev' });
    assert.match(err.message, /has no token/);
    assert.match(err.hint ?? '', /token_file_path/);

    for (const extra of ['token = "tok"\n', 'token_file_path = "/run/pat"\n']) {
      const r = await resolve(conn(`authenticator = "programmatic_access_token"\n${extra}`), {}, { connectionName: 'dev' });
      assert.equal(r.settings.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0] ?? '', /rotate and revoke will be refused/);
      assert.ok(!(r.warnings[0] ?? '').includes('tok"'));
    }
  });

  it('EXTERNALBROWSER and OAUTH pass through without a password; OAUTH without a user', async () => {
    const r = await resolve(conn('authenticator = "externalbrowser"\n'), {}, { connectionName: 'dev' });
    assert.equal(r.settings.password, undefined);
    assert.deepEqual(r.warnings, []);
    const o = await resolve({ [CONNECTIONS]: '[dev]\naccount = "a"\nauthenticator = "oauth"\ntoken = "t"\n' }, {}, { connectionName: 'dev' });
    assert.equal(o.settings.authenticator, 'OAUTH');
    assert.equal(o.settings.user, undefined);
  });
});

describe('connection: errors', () => {
  it('nothing found: says exactly what to set', async () => {
    const err = await resolveError({});
    assert.equal(
      err.message,
      `No admin connection found. Looked for connection "default" in ${CONNECTIONS} and config.toml, ` +
        'and for SNOWFLAKE_ACCOUNT/SNOWFLAKE_USER in the environment.',
    );
    assert.ok((err.hint ?? '').includes(`[default] section to ${CONNECTIONS}`));
    assert.ok((err.hint ?? '').includes('export SNOWFLAKE_ACCOUNT=… SNOWFLAKE_USER=… SNOWFLAKE_PASSWORD=…'));
    assert.equal(err.file, CONNECTIONS);
  });

  it('nothing found lists the connections that do exist', async () => {
    const err = await resolveError({ [CONNECTIONS]: '[dev]\naccount = "a"\n[prod]\naccount = "b"\n' });
    assert.match(err.message, /Defined connections: dev, prod/);
    assert.match(err.hint ?? '', /--connection <name>/);
  });

  it('a named connection that does not exist names it, both files and the existing names', async () => {
    const err = await resolveError({ [CONNECTIONS]: DEV + '[prod]\naccount = "p"\n' }, {}, { connectionName: 'staging' });
    assert.match(err.message, /^Connection "staging" \(given by --connection\) not found\./);
    assert.ok(err.message.includes(CONNECTIONS) && err.message.includes(CONFIG), err.message);
    assert.match(err.message, /Defined connections: dev, prod/);
    assert.match(err.hint ?? '', /use one of: dev, prod/);
  });

  it('does not fall back to SNOWFLAKE_* when a name was asked for', async () => {
    const err = await resolveError({}, { SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' }, { connectionName: 'x' });
    assert.match(err.message, /Connection "x"/);
    assert.match(err.message, /No connections are defined there/);
  });

  it('a default name from SNOWFLAKE_DEFAULT_CONNECTION_NAME or default_connection_name that does not exist says where it came from', async () => {
    const e1 = await resolveError({ [CONNECTIONS]: DEV }, { SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'gone' });
    assert.match(e1.message, /Connection "gone" \(named by SNOWFLAKE_DEFAULT_CONNECTION_NAME\)/);
    assert.match(e1.hint ?? '', /unset SNOWFLAKE_DEFAULT_CONNECTION_NAME/);
    const e2 = await resolveError({ [CONNECTIONS]: DEV, [CONFIG]: 'default_connection_name = "gone"\n' });
    assert.ok(e2.message.includes(`named by default_connection_name in ${CONFIG}`), e2.message);
  });

  it('points out [connections.x] written inside connections.toml', async () => {
    const err = await resolveError({ [CONNECTIONS]: '[connections.dev]\naccount = "a"\n' }, {}, { connectionName: 'dev' });
    assert.match(err.hint ?? '', /write \[dev\]/);
  });

  it('missing account names the key, connection, file and variables', async () => {
    const err = await resolveError({ [CONFIG]: '[connections.dev]\nuser = "u"\npassword = "p"\n' }, {}, { connectionName: 'dev' });
    assert.equal(err.message, `Connection "dev" in ${CONFIG} has no account.`);
    assert.equal(err.file, CONFIG);
    assert.ok((err.hint ?? '').includes('[connections.dev]'));
    assert.match(err.hint ?? '', /SNOWFLAKE_CONNECTIONS_DEV_ACCOUNT or SNOWFLAKE_ACCOUNT/);
  });

  it('missing user names the key and variables', async () => {
    const err = await resolveError({ [CONNECTIONS]: '[default]\naccount = "a"\npassword = "p"\n' });
    assert.equal(err.message, `Connection "default" in ${CONNECTIONS} has no user.`);
    assert.match(err.hint ?? '', /SNOWFLAKE_CONNECTIONS_DEFAULT_USER or SNOWFLAKE_USER/);
  });

  it('environment-only with SNOWFLAKE_USER but no SNOWFLAKE_ACCOUNT names SNOWFLAKE_ACCOUNT', async () => {
    const err = await resolveError({}, { SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' });
    assert.match(err.message, /has no account: SNOWFLAKE_ACCOUNT is not set/);
    assert.match(err.hint ?? '', /export SNOWFLAKE_ACCOUNT=/);
  });

  it('invalid TOML names the file and position', async () => {
    const err = await resolveError({ [CONNECTIONS]: '[dev]\naccount = "a"\nuser = alice\n' });
    assert.match(err.message, /^Invalid TOML in .*connections\.toml at line 3, column \d+/);
    assert.equal(err.file, CONNECTIONS);
    assert.match(err.hint ?? '', /connections\.toml:3:\d+/);
  });

  it('invalid config.toml is reported too', async () => {
    const err = await resolveError({ [CONNECTIONS]: DEV, [CONFIG]: 'default_connection_name = \n' });
    assert.ok(err.message.startsWith(`Invalid TOML in ${CONFIG} at line 1`), err.message);
  });

  it('an unreadable file (EACCES) is named', async () => {
    const err = await resolveError({ [CONNECTIONS]: { error: 'EACCES' } });
    assert.equal(err.message, `Cannot read ${CONNECTIONS}: permission denied (EACCES).`);
    assert.equal(err.file, CONNECTIONS);
    assert.match(err.hint ?? '', /chmod 0600/);
  });

  it('other read errors are named with their code', async () => {
    const err = await resolveError({ [CONFIG]: { error: 'EIO' } });
    assert.equal(err.message, `Cannot read ${CONFIG}: input/output error (EIO).`);
  });

  it('wrong shapes: a connection that is not a table, connections not a table, wrong value types', async () => {
    const e1 = await resolveError({ [CONFIG]: 'connections = "dev"\n' });
    assert.match(e1.message, /connections must be a table/);
    const e2 = await resolveError({ [CONFIG]: 'default_connection_name = 3\n' });
    assert.match(e2.message, /default_connection_name must be a non-empty string/);
    const e3 = await resolveError({ [CONNECTIONS]: '[default]\naccount = "a"\nuser = "u"\npassword = "p"\nrole = ["R"]\n' });
    assert.match(e3.message, /Invalid role from role in \[default\] of .*: expected a string, got an array/);
    const e4 = await resolveError({ [CONFIG]: '[connections]\ndev = "x"\n' }, {}, { connectionName: 'dev' });
    assert.match(e4.message, /Connection "dev" in .*config\.toml is not a section/);
  });

  it('an empty --connection is refused', async () => {
    const err = await resolveError({ [CONNECTIONS]: DEV }, {}, { connectionName: '  ' });
    assert.match(err.message, /--connection was given an empty name/);
  });
});

describe('connection: file permissions', () => {
  const text = '[default]\naccount = "a"\nuser = "u"\npassword = "p"\n';

  it('warns with the exact chmod when group/others can write', async () => {
    const r = await resolve({ [CONNECTIONS]: { text, mode: 0o664 } });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /writable by group or others \(mode 0664\)/);
    assert.ok((r.warnings[0] ?? '').endsWith(`Fix: chmod 0600 ${CONNECTIONS}`));
  });

  it('warns when others can read', async () => {
    const r = await resolve({ [CONNECTIONS]: { text, mode: 0o644 }, [CONFIG]: { text: '', mode: 0o604 } });
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0] ?? '', /readable by group or others \(mode 0644\)/);
    assert.ok((r.warnings[1] ?? '').endsWith(`chmod 0600 ${CONFIG}`));
  });

  it('says nothing for 0600 or 0400', async () => {
    for (const mode of [0o600, 0o400]) {
      const r = await resolve({ [CONNECTIONS]: { text, mode } });
      assert.deepEqual(r.warnings, []);
    }
  });

  it('SF_SKIP_WARNING_FOR_READ_PERMISSIONS_ON_CONFIG_FILE silences the read warning only', async () => {
    const env = { SF_SKIP_WARNING_FOR_READ_PERMISSIONS_ON_CONFIG_FILE: 'true' };
    assert.deepEqual((await resolve({ [CONNECTIONS]: { text, mode: 0o644 } }, env)).warnings, []);
    assert.equal((await resolve({ [CONNECTIONS]: { text, mode: 0o666 } }, env)).warnings.length, 1);
  });

  it('quotes paths with spaces in the chmod fix', async () => {
    const home = join('/home', 'u v');
    const r = await resolveAdminConnection({
      env: {}, homeDir: home, ...fakeFs({ [join(home, '.snowflake', 'connections.toml')]: { text, mode: 0o666 } }),
    });
    assert.ok((r.warnings[0] ?? '').includes(`chmod 0600 '${join(home, '.snowflake', 'connections.toml')}'`), r.warnings[0]);
  });
});

describe('connection: secrets never leak', () => {
  const PW = 'S3cr3t-PASSWORD-x1';
  const TOK = 'S3cr3t-TOKEN-x2';
  const KP = 'S3cr3t-KEYPASS-x3';
  const ENVPW = 'S3cr3t-ENVPASS-x4';
  const secrets = [PW, TOK, KP, ENVPW];

  function assertClean(text: string, label: string): void {
    for (const s of secrets) assert.ok(!text.includes(s), `${label} contains a secret: ${text}`);
  }
  function assertResultClean(r: ResolvedConnection): void {
    assertClean(r.source, 'source');
    assertClean(r.name, 'name');
    assertClean(JSON.stringify(r.origins), 'origins');
    for (const w of r.warnings) assertClean(w, 'warning');
  }

  it('successful resolutions carry secrets only in settings', async () => {
    const r = await resolve(
      { [CONNECTIONS]: { text: `[default]\naccount = "a"\nuser = "u"\nauthenticator = "programmatic_access_token"\ntoken = "${TOK}"\npassword = "${PW}"\nprivate_key_file_pwd = "${KP}"\nport = 1\n`, mode: 0o666 } },
      { SNOWFLAKE_PASSWORD: ENVPW },
    );
    assert.equal(r.settings.token, TOK, 'the secret is in settings');
    assert.ok(r.warnings.length >= 3, 'permission, PAT and port warnings');
    assertResultClean(r);
  });

  const failing: Array<[string, Record<string, FakeFile>, Record<string, string>, Partial<ResolveInput>]> = [
    ['invalid TOML on the secret line', { [CONNECTIONS]: `[default]\naccount = "a"\npassword = "${PW}\nuser = "u"\n` }, {}, {}],
    ['invalid TOML, unquoted secret', { [CONNECTIONS]: `[default]\npassword = ${PW}\n` }, {}, {}],
    ['missing account', { [CONNECTIONS]: `[default]\nuser = "u"\npassword = "${PW}"\n` }, { SNOWFLAKE_PRIVATE_KEY_FILE_PWD: KP }, {}],
    ['missing user', { [CONNECTIONS]: `[default]\naccount = "a"\npassword = "${PW}"\ntoken = "${TOK}"\n` }, {}, {}],
    ['bad port', { [CONNECTIONS]: `[default]\naccount = "a"\nuser = "u"\npassword = "${PW}"\nport = 0\n` }, {}, {}],
    ['bad password type', { [CONNECTIONS]: `[default]\naccount = "a"\nuser = "u"\npassword = ["${PW}"]\n` }, {}, {}],
    ['env only, missing account', {}, { SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: ENVPW }, {}],
    ['not found', { [CONNECTIONS]: `[default]\npassword = "${PW}"\n` }, { SNOWFLAKE_PASSWORD: ENVPW }, { connectionName: 'nope' }],
    ['JWT without key', { [CONNECTIONS]: `[default]\naccount = "a"\nuser = "u"\nauthenticator = "snowflake_jwt"\nprivate_key_file_pwd = "${KP}"\n` }, {}, {}],
    ['env secret with bad account', {}, { SNOWFLAKE_ACCOUNT: 'bad acct', SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: PW, SNOWFLAKE_TOKEN: TOK }, {}],
  ];
  for (const [label, files, env, extra] of failing) {
    it(`error: ${label}`, async () => {
      const err = await resolveError(files, env, extra);
      assertClean(err.message, 'message');
      assertClean(err.hint ?? '', 'hint');
      assertClean(err.file ?? '', 'file');
    });
  }
});
