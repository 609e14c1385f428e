import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointUrl, urlHost } from '../../src/kernel/url.js';
import type { ResolvedConnection } from '../../src/connection/index.js';
import { adminTarget } from '../../src/providers/snowflake/lifecycle/targets.js';

describe('kernel/url endpointUrl', () => {
  it('IPv4 and host names, with and without a port', () => {
    assert.equal(endpointUrl({ protocol: 'http', host: '127.0.0.1', port: 8080 }), 'http://127.0.0.1:8080');
    assert.equal(endpointUrl({ host: '10.0.0.1' }), 'https://10.0.0.1');
    assert.equal(endpointUrl({ host: 'acme.snowflakecomputing.com', port: 443 }), 'https://acme.snowflakecomputing.com:443');
    assert.equal(endpointUrl({ protocol: 'http', host: 'localhost', port: '9000' }), 'http://localhost:9000');
  });

  it('IPv6 literals are bracketed, once', () => {
    assert.equal(endpointUrl({ protocol: 'http', host: '::1', port: 8080 }), 'http://[::1]:8080');
    assert.equal(endpointUrl({ host: '2001:db8::5' }), 'https://[2001:db8::5]');
    assert.equal(endpointUrl({ protocol: 'http', host: '[::1]', port: 8080 }), 'http://[::1]:8080');
    assert.equal(urlHost('fe80::1'), '[fe80::1]');
    assert.equal(urlHost('example.com'), 'example.com');
  });

  it('the result parses back to the same host and port', () => {
    const url = new URL(endpointUrl({ protocol: 'http', host: '::1', port: 8080 }));
    assert.equal(url.hostname, '[::1]');
    assert.equal(url.port, '8080');
  });

  it('an absent or empty port adds nothing', () => {
    assert.equal(endpointUrl({ protocol: 'https', host: 'h', port: undefined }), 'https://h');
    assert.equal(endpointUrl({ protocol: 'https', host: 'h', port: '' }), 'https://h');
  });
});

describe('the admin login URL (lifecycle/targets) uses it', () => {
  it('an IPv6 admin host is bracketed in the URL the driver gets', () => {
    const target = adminTarget({
      settings: { account: 'a', user: 'u', password: 'pw', host: '::1', port: 8080, protocol: 'http' },
      source: 'test',
    } as ResolvedConnection);
    assert.equal(target.accessUrl, 'http://[::1]:8080');
  });
});
