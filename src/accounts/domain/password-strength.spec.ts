import { MIN_PASSWORD_SCORE, passwordWeakness } from './password-strength';

describe('passwordWeakness', () => {
  it.each([
    ['password123', 'a dictionary word and a sequence'],
    ['1234567890', 'a sequence'],
    ['qwertyuiop', 'a keyboard row'],
    ['aaaaaaaaaaaa', 'a repeat'],
    ['Password2026', 'a common password and a year'],
  ])('refuses %p (%s)', (password) => {
    expect(passwordWeakness(password)).toMatch(/too easy to guess/);
  });

  it.each([['          '], ['\t\t\t\t\t\n\n\n\n\n'], ['\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000']])(
    'refuses whitespace only (%p)',
    (password) => {
      expect(passwordWeakness(password)).toBe('password must not be whitespace only');
    },
  );

  it.each([['Nongjiao@2026'], ['Huaian#Land88'], ['correct-horse-battery-staple'], ['怀安县西沙洼村土地2026!']])(
    `accepts %p (score ≥ ${MIN_PASSWORD_SCORE})`,
    (password) => {
      expect(passwordWeakness(password)).toBeNull();
    },
  );

  it("counts the user's own phone and name as guessable", () => {
    const password = '13912345678wang';
    expect(passwordWeakness(password, ['13912345678', 'wang'])).toMatch(/too easy to guess/);
  });

  it('scores only the first 100 characters of a very long password', () => {
    expect(passwordWeakness('Nongjiao@2026' + 'x'.repeat(1_000_000))).toBeNull();
    expect(passwordWeakness('x'.repeat(100) + 'Nongjiao@2026')).toMatch(/too easy to guess/);
  });
});
