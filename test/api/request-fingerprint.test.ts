import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/api/http/http-problem';
import { requestFingerprint } from '../../src/api/idempotency/request-fingerprint';

const request = (body: unknown) => ({ method: 'POST', url: '/v1/partners', principalId: 'paula', body });

describe('the fingerprint of a request, taken before its body is validated', () => {
  it('is the same for the same body with its keys in another order, and differs for another body', () => {
    expect(requestFingerprint(request({ a: 1, b: [1, 2] }))).toBe(requestFingerprint(request({ b: [1, 2], a: 1 })));
    expect(requestFingerprint(request({ a: 1 }))).not.toBe(requestFingerprint(request({ a: 2 })));
  });

  it('does not fail on a number JSON parses as Infinity: it is left to validation, same request, same fingerprint', () => {
    const body = () => JSON.parse('{"partnerId":"p1","zz":1e400}') as unknown;
    expect(requestFingerprint(request(body()))).toBe(requestFingerprint(request(body())));
    expect(requestFingerprint(request(body()))).not.toBe(requestFingerprint(request({ partnerId: 'p1' })));
  });

  it('answers a body nested too deeply even for plain JSON with 400 VALIDATION_FAILED', () => {
    const depth = 50_000;
    const body = JSON.parse(`{"zz":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
    expect(() => requestFingerprint(request(body))).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
    expect(() => requestFingerprint(request(body))).toThrow(HttpProblem);
  });
});
