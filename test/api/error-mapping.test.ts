import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapError } from '../../src/api/http/error-mapping';
import { HttpProblem } from '../../src/api/http/http-problem';
import { conflict, DomainErrorException, notFound, rule } from '../../src/domain/shared/domain-error';
import { AmountOutOfRangeError, addMoney } from '../../src/domain/shared/money';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';

describe('mapping errors to HTTP, once', () => {
  it.each([
    [{ kind: 'validation' as const, code: 'BAD_PERIOD', message: 'm' }, 400],
    [notFound('partner', 'p1'), 404],
    [conflict('ALREADY_PAID', 'm'), 409],
    [rule('ALREADY_ATTRIBUTED', 'm', { partnerId: 'p2' }), 422],
  ])('a domain error of kind %o → %i with its own code', (error, status) => {
    const mapped = mapError(new DomainErrorException(error));
    expect(mapped.status).toBe(status);
    expect(mapped.body.error.code).toBe(error.code);
    expect(mapped.internal).toBe(false);
  });

  it('keeps a domain error’s details', () => {
    expect(mapError(new DomainErrorException(rule('X', 'm', { a: 1 }))).body).toEqual({
      error: { code: 'X', message: 'm', details: { a: 1 } },
    });
  });

  it('a total beyond a safe integer met while deciding → 422 AMOUNT_OUT_OF_RANGE, not a 500', () => {
    let overflow: unknown;
    try {
      addMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' }, { amount: 1, currency: 'EUR' });
    } catch (error) {
      overflow = error;
    }
    expect(overflow).toBeInstanceOf(AmountOutOfRangeError);
    expect(mapError(overflow)).toMatchObject({
      status: 422,
      internal: false,
      body: { error: { code: 'AMOUNT_OUT_OF_RANGE', details: { minorUnits: '9007199254740992' } } },
    });
  });

  it('a concurrency error → 409 CONCURRENCY_CONFLICT with expected and actual as strings', () => {
    expect(mapError(new ConcurrencyError('account-p1', 4n, 6n))).toMatchObject({
      status: 409,
      body: { error: { code: 'CONCURRENCY_CONFLICT', details: { expected: '4', actual: '6' } } },
    });
    expect(mapError(new ConcurrencyError('account-p1', 'no_stream', 0n)).body.error.details).toMatchObject({
      expected: 'no_stream',
      actual: '0',
    });
    expect(mapError(new ConcurrencyError('account-p1', 2n, null)).body.error.details).toMatchObject({
      actual: 'no_stream',
    });
  });

  it('a zod error → 400 VALIDATION_FAILED path by path', () => {
    const result = z.strictObject({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' } });
    expect(result.success).toBe(false);
    expect(mapError(result.error).body).toEqual({
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: [{ path: 'a.b', message: expect.any(String) }] },
    });
  });

  it('framework errors keep their status with a stable code', () => {
    expect(mapError(new NotFoundException('Cannot GET /x')).body.error.code).toBe('NOT_FOUND');
    expect(mapError(new BadRequestException('bad')).body.error.code).toBe('VALIDATION_FAILED');
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(mapError(tooLarge)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('the shell’s own problems carry their status and code', () => {
    expect(mapError(new HttpProblem(409, 'IDEMPOTENCY_KEY_REUSED', 'm'))).toMatchObject({
      status: 409,
      body: { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'm' } },
    });
  });

  it('anything else → 500 INTERNAL, flagged for the log, message withheld', () => {
    const mapped = mapError(new TypeError('cannot read x of undefined'));
    expect(mapped).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, internal: true });
    expect(mapError('a string').status).toBe(500);
  });
});
