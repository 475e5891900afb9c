import { createHash } from 'node:crypto';
import {
  decide,
  IdempotencyDecision,
  IdempotencyState,
  KeyHeader,
  parseIdempotencyKey,
  requestHash,
} from './idempotency-decision';

describe('idempotency decision', () => {
  describe('decide', () => {
    const now = new Date('2025-06-01T08:00:00.000Z');
    const later = new Date(now.getTime() + 30_000);
    const earlier = new Date(now.getTime() - 1);
    const same = 'a'.repeat(64);
    const other = 'b'.repeat(64);

    it('runs when no row is stored', () => {
      expect(decide(null, same, now)).toBe('RUN');
    });

    it.each<[IdempotencyState, string, Date, IdempotencyDecision]>([
      // done: replay the same body, refuse another one; the lease no longer matters
      ['DONE', same, later, 'REPLAY'],
      ['DONE', same, earlier, 'REPLAY'],
      ['DONE', other, later, 'REUSED'],
      ['DONE', other, earlier, 'REUSED'],
      // in progress, lease held: a concurrent duplicate, or a reused key
      ['IN_PROGRESS', same, later, 'IN_USE'],
      ['IN_PROGRESS', other, later, 'REUSED'],
      // in progress, lease passed (the worker died): taken over, whatever its body
      ['IN_PROGRESS', same, earlier, 'TAKE_OVER'],
      ['IN_PROGRESS', other, earlier, 'TAKE_OVER'],
      ['IN_PROGRESS', same, now, 'TAKE_OVER'], // a lease ends at locked_until
    ])('%s row, %s body, locked until %p → %s', (state, hash, lockedUntil, expected) => {
      expect(decide({ state, requestHash: same, lockedUntil }, hash, now)).toBe(expected);
    });
  });

  describe('parseIdempotencyKey', () => {
    it.each<[string, string | string[] | undefined, KeyHeader]>([
      ['no header', undefined, { kind: 'ABSENT' }],
      ['an empty header', '', { kind: 'INVALID' }],
      ['one character', 'k', { kind: 'VALID', key: 'k' }],
      [
        'a uuid',
        '0b6f3c1e-2a47-4f0e-9a39-3f1f6c1d2e4b',
        { kind: 'VALID', key: '0b6f3c1e-2a47-4f0e-9a39-3f1f6c1d2e4b' },
      ],
      ['64 characters', 'x'.repeat(64), { kind: 'VALID', key: 'x'.repeat(64) }],
      ['65 characters', 'x'.repeat(65), { kind: 'INVALID' }],
      ['a repeated header given as a list', ['a', 'b'], { kind: 'INVALID' }],
    ])('%s', (_, raw, expected) => {
      expect(parseIdempotencyKey(raw)).toEqual(expected);
    });
  });

  describe('requestHash', () => {
    it('is the sha256 hex of the canonical JSON', () => {
      expect(requestHash({ b: 1, a: 'x' })).toBe(createHash('sha256').update('{"a":"x","b":1}').digest('hex'));
    });

    it('ignores key order and whitespace, not values', () => {
      expect(requestHash({ amountFen: 100, bankRef: 'R1' })).toBe(
        requestHash(JSON.parse('{ "bankRef": "R1", "amountFen": 100 }')),
      );
      expect(requestHash({ amountFen: 100 })).not.toBe(requestHash({ amountFen: 101 }));
      expect(requestHash({ amountFen: 100 })).not.toBe(requestHash({ amountFen: '100' }));
    });

    it('fingerprints a missing body like null', () => {
      expect(requestHash(undefined)).toBe(requestHash(null));
      expect(requestHash(undefined)).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
