import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, ExitCode } from '../../src/errors.js';
import { nodeFileAccess, resolveAdminConnection, snowflakeHome } from '../../src/connection/index.js';


describe('connection files on disk', () => {
  let home: string;
  let dir: string;
  let connections: string;
  let config: string;
  const fs = nodeFileAccess();

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'pat-connection-'));
    dir = join(home, '.snowflake');
    connections = join(dir, 'connections.toml');
    config = join(dir, 'config.toml');
    await mkdir(dir);
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  async function write(file: string, text: string, mode = 0o600): Promise<void> {
    await writeFile(file, text, { mode });
    await chmod(file, mode);
  }
  async function clean(): Promise<void> {
    await rm(connections, { force: true, recursive: true });
    await rm(config, { force: true, recursive: true });
  }

  it('snowflakeHome: SNOWFLAKE_HOME when set and non-empty, else ~/.snowflake', () => {
    assert.equal(snowflakeHome({}, home), dir);
    assert.equal(snowflakeHome({ SNOWFLAKE_HOME: '' }, home), dir);
    assert.equal(snowflakeHome({ SNOWFLAKE_HOME: '/etc/sf' }, home), '/etc/sf');
  });

  it('nodeFileAccess: absent files are undefined, present ones are read with their mode', async () => {
    await clean();
    assert.equal(await fs.readFile(connections), undefined);
    assert.equal(await fs.statMode(connections), undefined);
    assert.equal(await fs.readFile(join(connections, 'below-a-missing-file')), undefined);
    await write(connections, '[x]\n', 0o640);
    assert.equal(await fs.readFile(connections), '[x]\n');
    assert.equal(await fs.statMode(connections), 0o640);
  });

  it('resolves a real connections.toml + config.toml pair with no warnings at 0600', async () => {
    await clean();
    await write(connections, '[local]\naccount = "MOCK_ACCOUNT"\nuser = "admin"\npassword = "pw"\nhost = "127.0.0.1"\nport = 18080\nprotocol = "http"\n');
    await write(config, 'default_connection_name = "local"\n');
    const r = await resolveAdminConnection({ env: {}, homeDir: home, ...fs });
    assert.equal(r.name, 'local');
    assert.equal(r.settings.port, 18080);
    assert.equal(r.source, `connection "local" in ${join('~', '.snowflake', 'connections.toml')}`);
    assert.deepEqual(r.warnings, []);
  });

  it('warns about a world-writable file with the exact chmod', async () => {
    await clean();
    await write(connections, '[default]\naccount = "a"\nuser = "u"\npassword = "pw"\n', 0o666);
    const r = await resolveAdminConnection({ env: {}, homeDir: home, ...fs });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /writable by group or others \(mode 0666\)/);
    assert.ok((r.warnings[0] ?? '').includes(`chmod 0600 ${connections}`));
  });

  it('warns about a group-readable config.toml', async () => {
    await clean();
    await write(connections, '[default]\naccount = "a"\nuser = "u"\npassword = "pw"\n');
    await write(config, '', 0o640);
    const r = await resolveAdminConnection({ env: {}, homeDir: home, ...fs });
    assert.deepEqual(r.warnings, [`${config} is readable by group or others (mode 0640) and may hold passwords. Fix: chmod 0600 ${config}`]);
  });

  it('invalid TOML on disk names the file and line', async () => {
    await clean();
    await write(connections, '[default\naccount = "a"\n');
    await assert.rejects(
      resolveAdminConnection({ env: {}, homeDir: home, ...fs }),
      (err: unknown) => err instanceof ConfigError && err.exitCode === ExitCode.usage && err.message.includes(`Invalid TOML in ${connections} at line 1`),
    );
  });

  it('a directory where connections.toml should be is named', async () => {
    await clean();
    await mkdir(connections);
    await assert.rejects(
      resolveAdminConnection({ env: {}, homeDir: home, ...fs }),
      (err: unknown) => err instanceof ConfigError && err.exitCode === 2 && err.message === `Cannot read ${connections}: it is a directory, not a file.`,
    );
  });

  // Root reads mode-000 files, and CI runs as root: the refusal the OS would give is injected at the file-access
  // seam instead, so the test runs (and can fail) everywhere.
  it('an unreadable file (EACCES) is named', async () => {
    await clean();
    await write(connections, '[default]\naccount = "a"\n', 0o600);
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${connections}'`), { code: 'EACCES' });
    const refusing = {
      ...fs,
      readFile: async (file: string) => {
        if (file === connections) throw denied;
        return fs.readFile(file);
      },
    };
    await assert.rejects(
      resolveAdminConnection({ env: {}, homeDir: home, ...refusing }),
      (err: unknown) => err instanceof ConfigError && err.message === `Cannot read ${connections}: permission denied (EACCES).`,
    );
  });
});
