import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createIo } from '../../src/output/io.js';
import { MASK, Redactor } from '../../src/output/redact.js';

describe('Redactor: the one place secrets are masked', () => {
  test('masks every protected secret, wherever it appears', () => {
    const r = new Redactor();
    r.protect('s3cr3t-AAA');
    r.protect('s3cr3t-BBB');
    assert.equal(r.redact('a s3cr3t-AAA b s3cr3t-BBB c s3cr3t-AAA'), `a ${MASK} b ${MASK} c ${MASK}`);
  });
  test('reveals only the secret the user asked for', () => {
    const r = new Redactor();
    r.protect('one-secret');
    r.protect('two-secret');
    assert.equal(r.redact('one-secret two-secret', 'one-secret'), `one-secret ${MASK}`);
  });
  test('ignores empty values', () => {
    const r = new Redactor();
    r.protect('');
    r.protect(undefined);
    assert.equal(r.redact('nothing to hide'), 'nothing to hide');
  });
});

describe('Io writes go through the redactor', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    const io = createIo({
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      stdinIsTTY: false,
      env: {},
      verbose: true,
    });
    return { io, out, err };
  }
  test('out, err and verbose never print a protected secret; out may reveal it when asked', () => {
    const { io, out, err } = capture();
    io.protect('tok-123456789');
    io.out('stdout tok-123456789');
    io.err('stderr tok-123456789');
    io.verbose('log tok-123456789');
    io.out('asked tok-123456789', 'tok-123456789');
    assert.deepEqual(out, [`stdout ${MASK}\n`, 'asked tok-123456789\n']);
    assert.deepEqual(err, [`stderr ${MASK}\n`, `[pat] log ${MASK}\n`]);
  });
  test('colours are off when the stream is not a terminal', () => {
    const { io } = capture();
    assert.equal(io.colour.red('x'), 'x');
  });
});
