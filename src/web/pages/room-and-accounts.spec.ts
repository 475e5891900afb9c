import { registerFieldMessage, safeNext } from './account-pages.controller';
import { countdownText, quickBids } from './room.controller';

describe('quickBids (API.md "Web pages": +1, +2, +5 increments; before the first bid start + 0, 1, 4)', () => {
  const base = { direction: 'ASCENDING' as const, startPriceFen: 1_000_000, incrementFen: 10_000 };

  it('before the first bid: the start price plus 0, 1 and 4 increments', () => {
    expect(quickBids({ ...base, currentPriceFen: null }).map((q) => q.amountFen)).toEqual([
      1_000_000, 1_010_000, 1_040_000,
    ]);
  });

  it('after it: the current price plus 1, 2 and 5 increments', () => {
    expect(quickBids({ ...base, currentPriceFen: 1_020_000 }).map((q) => q.amountFen)).toEqual([
      1_030_000, 1_040_000, 1_070_000,
    ]);
  });

  it('a descending auction (procurement) goes down, never to 0 or below', () => {
    const down = { ...base, direction: 'DESCENDING' as const };
    expect(quickBids({ ...down, currentPriceFen: 900_000 }).map((q) => q.amountFen)).toEqual([
      890_000, 880_000, 850_000,
    ]);
    expect(quickBids({ ...down, currentPriceFen: 30_000 }).map((q) => q.amountFen)).toEqual([20_000, 10_000]);
  });
});

describe('countdownText', () => {
  it.each<[number, string]>([
    [-5000, '00:00:00'],
    [999, '00:00:00'],
    [61_000, '00:01:01'],
    [3 * 3600_000 + 4 * 60_000 + 5_000, '03:04:05'],
    [2 * 86400_000 + 3_000, '2 天 00:00:03'],
  ])('%p ms → %p', (ms, text) => {
    expect(countdownText(ms)).toBe(text);
  });
});

describe('safeNext: a local path only', () => {
  it.each<[unknown, string]>([
    ['/me', '/me'],
    ['/auctions/HA-2026-000001?x=1', '/auctions/HA-2026-000001?x=1'],
    ['//evil.example/x', '/me'],
    ['/\\evil.example', '/me'],
    ['https://evil.example/', '/me'],
    ['javascript:alert(1)', '/me'],
    ['/a b', '/me'],
    [undefined, '/me'],
    [['/x'], '/me'],
  ])('%p → %p', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe('registerFieldMessage', () => {
  it('says what the API reports for a field, in Chinese', () => {
    expect(registerFieldMessage('idNumber', 'idNumber is required for a PERSON')).toContain('个人须填写');
    expect(registerFieldMessage('idNumber', 'idNumber is not a valid 18-digit resident ID (GB 11643)')).toContain(
      '无效',
    );
    expect(registerFieldMessage('password', 'password must be at least 10 characters')).toBe('密码至少 10 个字符');
    expect(registerFieldMessage('password', 'add another word or two')).toContain('太容易被猜到');
    expect(registerFieldMessage('villageCode', 'villageCode is required for a COLLECTIVE')).toContain('所在村');
  });
});
