import { searchTokens } from './search-tokens';

describe('searchTokens', () => {
  it.each([
    ['水', ['水']],
    ['大棚', ['大棚']],
    ['水浇地', ['水浇', '浇地']],
    ['西沙洼村', ['西沙', '沙洼', '洼村']],
    ['aaa', ['aa']],
    ['gps 定位', ['gp', 'ps', 's ', ' 定', '定位']],
  ])('%s → %j', (q, tokens) => {
    expect(searchTokens(q)).toEqual(tokens);
  });
});
