import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiryColour, expiryWindow } from '../../src/kernel/expiry.js';
import { exitCodeOf, isHealthy } from '../../src/kernel/verdict.js';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('kernel/expiry', () => {
  it('expired at and after the expiry instant', () => {
    assert.equal(expiryWindow(new Date('2025-06-01T00:00:00Z'), NOW, 14), 'expired');
    assert.equal(expiryWindow(new Date('2025-05-01T00:00:00Z'), NOW, 14), 'expired');
  });

  it('expiring while less than warnDays days remain; ok from exactly warnDays on', () => {
    assert.equal(expiryWindow(new Date('2025-06-01T00:00:01Z'), NOW, 14), 'expiring');
    assert.equal(expiryWindow(new Date('2025-06-14T23:59:59Z'), NOW, 14), 'expiring');
    assert.equal(expiryWindow(new Date('2025-06-15T00:00:00Z'), NOW, 14), 'ok');
  });

  it('warnDays 0 turns the warning off', () => {
    assert.equal(expiryWindow(new Date('2025-06-01T00:00:01Z'), NOW, 0), 'ok');
  });

  it('colours days left: red up to 7, yellow up to 30, green beyond', () => {
    assert.equal(expiryColour(-3), 'red');
    assert.equal(expiryColour(0), 'red');
    assert.equal(expiryColour(7), 'red');
    assert.equal(expiryColour(8), 'yellow');
    assert.equal(expiryColour(30), 'yellow');
    assert.equal(expiryColour(31), 'green');
    assert.equal(expiryColour(365), 'green');
  });

  it('a token that cannot log in is red however far its expiry', () => {
    assert.equal(expiryColour(365, false), 'red');
    assert.equal(expiryColour(20, false), 'red');
  });
});

describe('kernel/verdict', () => {
  it('exit codes: 0 ok, 3 expiring, 1 anything else', () => {
    assert.equal(exitCodeOf('ok'), 0);
    assert.equal(exitCodeOf('expiring'), 3);
    for (const verdict of ['expired', 'disabled', 'missing', 'invalid', 'revoked', '']) assert.equal(exitCodeOf(verdict), 1, verdict);
  });

  it('ok and expiring tokens still log in', () => {
    assert.equal(isHealthy('ok'), true);
    assert.equal(isHealthy('expiring'), true);
    for (const verdict of ['expired', 'disabled', 'missing', 'invalid', 'revoked']) assert.equal(isHealthy(verdict), false, verdict);
  });
});
