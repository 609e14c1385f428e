import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY_MS, daysLeft, daysLeftOrNull, daysLeftText, isoDate, secondTime, shortTime } from '../../src/kernel/time.js';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('kernel/time', () => {
  it('a day is 86,400,000 ms', () => {
    assert.equal(DAY_MS, 86_400_000);
  });

  it('days left are whole days, rounded down, negative once expired', () => {
    assert.equal(daysLeft(new Date('2025-06-11T12:00:00Z'), NOW), 10);
    assert.equal(daysLeft(new Date('2025-06-11T11:59:59Z'), NOW), 9);
    assert.equal(daysLeft(new Date('2025-06-01T12:00:00Z'), NOW), 0);
    assert.equal(daysLeft(new Date('2025-06-01T18:00:00Z'), NOW), 0);
    assert.equal(daysLeft(new Date('2025-06-01T11:00:00Z'), NOW), -1);
    assert.equal(daysLeft(new Date('2025-05-30T12:00:00Z'), NOW), -2);
  });

  it('an unknown expiry has no days left', () => {
    assert.equal(daysLeftOrNull(null, NOW), null);
    assert.equal(daysLeftOrNull(undefined, NOW), null);
    assert.equal(daysLeftOrNull(new Date('2025-07-01T12:00:00Z'), NOW), 30);
  });

  it('says days left in words', () => {
    assert.equal(daysLeftText(0), '0 days left');
    assert.equal(daysLeftText(1), '1 day left');
    assert.equal(daysLeftText(12), '12 days left');
    assert.equal(daysLeftText(-1), '-1 days left');
  });

  it('formats dates in UTC', () => {
    const d = new Date('2025-01-02T03:04:05.678Z');
    assert.equal(isoDate(d), '2025-01-02');
    assert.equal(shortTime(d), '2025-01-02 03:04Z');
    assert.equal(secondTime(d), '2025-01-02 03:04:05Z');
    assert.equal(shortTime(new Date('2025-12-31T23:59:59.999Z')), '2025-12-31 23:59Z');
  });
});
