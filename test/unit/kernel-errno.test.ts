import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFsError, errnoCode } from '../../src/kernel/errno.js';

const fsError = (code: string, message = `${code}: something, open '/secret/path'`) => Object.assign(new Error(message), { code });

describe('kernel/errno', () => {
  it('reads the code of an fs error, and nothing else', () => {
    assert.equal(errnoCode(fsError('EACCES')), 'EACCES');
    assert.equal(errnoCode(new Error('plain')), undefined);
    assert.equal(errnoCode({ code: 13 }), undefined);
    assert.equal(errnoCode(null), undefined);
    assert.equal(errnoCode('EACCES'), undefined);
  });

  it('describes known codes in words, with the code', () => {
    assert.equal(describeFsError(fsError('EACCES')), 'permission denied (EACCES)');
    assert.equal(describeFsError(fsError('ENOSPC')), 'no space left on device (ENOSPC)');
    assert.equal(describeFsError(fsError('EROFS')), 'read-only file system (EROFS)');
    assert.equal(describeFsError(fsError('ENOENT')), 'no such file or folder (ENOENT)');
  });

  it('a missing file names its folder when the path is known', () => {
    assert.equal(describeFsError(fsError('ENOENT'), '/no/such/dir/config.json'), 'folder /no/such/dir does not exist (ENOENT)');
  });

  it('an unknown code is shown bare; a non-fs error by its class; never the message', () => {
    assert.equal(describeFsError(fsError('EWHATEVER')), 'EWHATEVER');
    assert.equal(describeFsError(new TypeError('holds pat-SECRET')), 'unexpected TypeError');
    assert.ok(!describeFsError(fsError('EACCES', 'pat-SECRET')).includes('SECRET'));
  });
});
