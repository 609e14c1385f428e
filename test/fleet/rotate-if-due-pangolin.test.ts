/** `pat rotate --provider pangolin --if-expiring-within <days>`: decided from the held JWT's expiry, no request. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPangolinWorld, type PangolinWorld } from '../helpers/pangolin-world.js';

describe('pat rotate --provider pangolin --if-expiring-within', () => {
  let w: PangolinWorld;
  before(async () => {
    w = await startPangolinWorld();
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
  });
  after(() => w.close());

  test('not due: exit 0, "not due (29 days left)", no request to Pangolin, the token kept', async () => {
    const before = await w.yamlToken();
    w.em.clearRequests();
    const ran = await w.pat(['--provider', 'pangolin', 'rotate', '--if-expiring-within', '7']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /not due \((29|30) days left\)/);
    assert.deepEqual(w.em.requests, []);
    assert.equal(await w.yamlToken(), before);
  });

  test('due: rotates as usual', async () => {
    const before = await w.yamlToken();
    const ran = await w.pat(['--provider', 'pangolin', 'rotate', '--if-expiring-within', '60']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.notEqual(await w.yamlToken(), before);
  });

  test('a bad day count: exit 2', async () => {
    const ran = await w.pat(['--provider', 'pangolin', 'rotate', '--if-expiring-within', '-1']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /--if-expiring-within/);
  });
});
