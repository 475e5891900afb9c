import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['undefined at the top', undefined, 'null'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['an integer', 42, '42'],
    ['a negative decimal', -1.5, '-1.5'],
    ['minus zero', -0, '0'],
    ['NaN', NaN, 'null'],
    ['Infinity', Infinity, 'null'],
    ['a string', 'abc', '"abc"'],
    ['a string needing escapes', 'a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['Chinese text', '竞价', '"竞价"'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
    ['keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['keys sorted by code unit (upper case first)', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    ['numeric-looking keys sorted as strings', { 10: 'x', 9: 'y', 1: 'z' }, '{"1":"z","10":"x","9":"y"}'],
    [
      'nested objects sorted at every level',
      { z: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] },
      '{"a":[{"c":2,"d":1}],"z":{"x":2,"y":1}}',
    ],
    ['arrays kept in order', [3, 1, 2], '[3,1,2]'],
    ['undefined members dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['function members dropped', { a: () => 1, b: 1 }, '{"b":1}'],
    ['undefined in an array written null', [undefined, 1], '[null,1]'],
    ['a Date through toJSON', { at: new Date('2025-01-02T03:04:05.678Z') }, '{"at":"2025-01-02T03:04:05.678Z"}'],
    ['a custom toJSON', { toJSON: () => ({ b: 1, a: 2 }) }, '{"a":2,"b":1}'],
    ['boxed primitives unwrapped', [Object(1), Object('s'), Object(false)], '[1,"s",false]'],
    ['a key needing escapes', { 'a"b': 1 }, '{"a\\"b":1}'],
    ['a money body', { bankRef: 'B-1', amountFen: 500000 }, '{"amountFen":500000,"bankRef":"B-1"}'],
  ])('%s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['flat', { amountFen: 100, bankRef: 'X', note: null }],
    ['nested', { a: [1, { b: 2, c: [3, 4] }], d: { e: 'f' } }],
    ['unicode', { 说明: '保证金', x: '\u2028' }],
  ])('gives the same text as JSON.stringify once keys are sorted (%s)', (_, value) => {
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('does not depend on the order the keys were written in', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('keeps the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it.each<[string, () => unknown]>([
    ['a bigint', () => ({ a: 1n })],
    [
      'a cycle',
      () => {
        const a: Record<string, unknown> = {};
        a.self = a;
        return a;
      },
    ],
  ])('throws a TypeError on %s', (_, make) => {
    expect(() => canonicalJson(make())).toThrow(TypeError);
  });
});
