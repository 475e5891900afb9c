import { CallHandler } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { lastValueFrom, of, throwError } from 'rxjs';
import { DomainError } from '../common/errors/domain-error';
import { requestHash } from './domain/idempotency-decision';
import { IdempotencyInterceptor, pathOf } from './idempotency.interceptor';
import { ClaimOutcome, IdempotencyClaim, IdempotencyScope, IdempotencyService } from './idempotency.service';

const USER = { id: '11111111-1111-4111-8111-111111111111', roles: [] };
const BODY = { amountFen: 500000, bankRef: 'B-001' };

class FakeStore {
  outcome: ClaimOutcome = { kind: 'RUN', claim: this.claimOf({ userId: '', method: '', path: '', key: '' }) };
  claims: [IdempotencyScope, string][] = [];
  completed: [IdempotencyClaim, number, unknown][] = [];
  released: IdempotencyClaim[] = [];

  claimOf(scope: IdempotencyScope): IdempotencyClaim {
    return { ...scope, lease: '2025-06-01 08:01:00.123456+00' };
  }

  async claim(scope: IdempotencyScope, hash: string): Promise<ClaimOutcome> {
    this.claims.push([scope, hash]);
    return this.outcome.kind === 'RUN' ? { kind: 'RUN', claim: this.claimOf(scope) } : this.outcome;
  }

  async complete(claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
    this.completed.push([claim, status, body]);
  }

  async release(claim: IdempotencyClaim): Promise<void> {
    this.released.push(claim);
  }
}

interface FakeResponse {
  statusCode: number;
  headers: Record<string, string>;
  status(code: number): FakeResponse;
  setHeader(name: string, value: string): FakeResponse;
}

function setUp(headers: Record<string, string> = {}, options: { user?: unknown; url?: string } = {}) {
  const store = new FakeStore();
  const interceptor = new IdempotencyInterceptor(store as unknown as IdempotencyService);
  const req = {
    method: 'POST',
    originalUrl: options.url ?? '/api/v1/contracts/c1/payments?x=1',
    url: '/ignored',
    headers,
    body: BODY,
    user: 'user' in options ? options.user : USER,
  };
  const res: FakeResponse = {
    statusCode: 201,
    headers: {},
    status(code) {
      this.statusCode = code;
      return this;
    },
    setHeader(name, value) {
      this.headers[name] = value;
      return this;
    },
  };
  const context = new ExecutionContextHost([req, res, () => undefined]);
  context.setType('http');
  let handlerCalls = 0;
  const handler = (result: () => ReturnType<CallHandler['handle']>): CallHandler => ({
    handle: () => {
      handlerCalls++;
      return result();
    },
  });
  const run = async (result: () => ReturnType<CallHandler['handle']> = () => of({ seq: 1 })) =>
    lastValueFrom(await interceptor.intercept(context, handler(result)));
  return { store, res, run, handlerCalls: () => handlerCalls };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('IdempotencyInterceptor', () => {
  it('runs the handler untouched without the header', async () => {
    const t = setUp();
    await expect(t.run()).resolves.toEqual({ seq: 1 });
    expect(t.handlerCalls()).toBe(1);
    expect(t.store.claims).toHaveLength(0);
  });

  it('runs the handler untouched without a caller to scope the key to', async () => {
    const t = setUp({ 'idempotency-key': 'k1' }, { user: undefined });
    await expect(t.run()).resolves.toEqual({ seq: 1 });
    expect(t.store.claims).toHaveLength(0);
  });

  it.each([[''], ['x'.repeat(65)]])('refuses a key of %p with 400 VALIDATION_FAILED naming the header', async (key) => {
    const t = setUp({ 'idempotency-key': key, 'accept-language': 'en' });
    const error = await t.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect((error as DomainError).details).toEqual([
      { field: 'Idempotency-Key', message: expect.stringContaining('64') },
    ]);
    expect(t.handlerCalls()).toBe(0);
    expect(t.store.claims).toHaveLength(0);
  });

  it('claims the key scoped to user, method and path (no query) with the body fingerprint', async () => {
    const t = setUp({ 'idempotency-key': 'k1' });
    await t.run();
    expect(t.store.claims).toEqual([
      [{ userId: USER.id, method: 'POST', path: '/api/v1/contracts/c1/payments', key: 'k1' }, requestHash(BODY)],
    ]);
  });

  it('stores the status and body of a successful first run', async () => {
    const t = setUp({ 'idempotency-key': 'k1' });
    await expect(t.run(() => of({ seq: 7 }))).resolves.toEqual({ seq: 7 });
    expect(t.handlerCalls()).toBe(1);
    expect(t.store.completed).toEqual([[expect.objectContaining({ key: 'k1' }), 201, { seq: 7 }]]);
    expect(t.store.released).toHaveLength(0);
  });

  it('releases the claim and rethrows when the handler fails', async () => {
    const t = setUp({ 'idempotency-key': 'k1' });
    const failure = new DomainError('BID_TOO_LOW');
    await expect(t.run(() => throwError(() => failure))).rejects.toBe(failure);
    expect(t.store.released).toEqual([expect.objectContaining({ key: 'k1' })]);
    expect(t.store.completed).toHaveLength(0);
  });

  it('replays a stored response with its status code, without running the handler', async () => {
    const t = setUp({ 'idempotency-key': 'k1' });
    t.res.statusCode = 200;
    t.store.outcome = { kind: 'REPLAY', status: 201, body: { seq: 3, amountFen: 100 } };
    await expect(t.run()).resolves.toEqual({ seq: 3, amountFen: 100 });
    expect(t.res.statusCode).toBe(201);
    expect(t.res.headers['Idempotent-Replayed']).toBe('true');
    expect(t.handlerCalls()).toBe(0);
    expect(t.store.completed).toHaveLength(0);
  });

  it.each<[ClaimOutcome, string]>([
    [{ kind: 'REUSED' }, 'IDEMPOTENCY_KEY_REUSED'],
    [{ kind: 'IN_USE' }, 'IDEMPOTENCY_KEY_IN_USE'],
  ])('answers %p with %s without running the handler', async (outcome, code) => {
    const t = setUp({ 'idempotency-key': 'k1' });
    t.store.outcome = outcome;
    expect(await codeOf(t.run())).toBe(code);
    expect(t.handlerCalls()).toBe(0);
  });
});

describe('pathOf', () => {
  it.each<[string, string]>([
    ['/api/v1/contracts/c1/payments', '/api/v1/contracts/c1/payments'],
    ['/api/v1/contracts/c1/payments?a=1&b=2', '/api/v1/contracts/c1/payments'],
    ['/api/v1/x?', '/api/v1/x'],
    ['/api/v1/Contracts/C1/payments/', '/api/v1/contracts/c1/payments'],
    ['/api/v1/contracts/c%31/payments', '/api/v1/contracts/c1/payments'],
    ['/api/v1/contracts/%E0%A4%A/payments', '/api/v1/contracts/%e0%a4%a/payments'],
  ])('%s → %s', (originalUrl, expected) => {
    expect(pathOf({ originalUrl, url: originalUrl })).toBe(expected);
  });

  it('uses the matched route with its parameters lower-cased', () => {
    const route = { path: '/api/v1/contracts/:id/payments' };
    const id = 'A0B1C2D3-0000-4000-8000-00000000000F';
    expect(pathOf({ originalUrl: `/api/v1/contracts/${id}/payments/`, url: '', route, params: { id } })).toBe(
      `/api/v1/contracts/${id.toLowerCase()}/payments`,
    );
  });
});
