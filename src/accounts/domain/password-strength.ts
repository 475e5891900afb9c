import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's score (0-4) a password needs: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

/** Only this much of a password is scored: zxcvbn's cost grows with the length, and 100 characters score 4 anyway. */
const SCORED_LENGTH = 100;

let estimator: ZxcvbnFactory | undefined;

/** The estimator with the common-password dictionary and keyboard graphs, built once (it indexes the dictionary). */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary: { ...dictionary } });
  return estimator;
}

/**
 * Why `password` is too weak, or null when it is strong enough: whitespace only, or a zxcvbn score below
 * MIN_PASSWORD_SCORE with the common-password dictionary and the user's own details (phone, name) as known words.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.trim().length === 0) return 'password must not be whitespace only';
  const { score } = zxcvbn().check(password.slice(0, SCORED_LENGTH), userInputs.filter(Boolean));
  if (score < MIN_PASSWORD_SCORE) {
    return `password is too easy to guess (strength ${score} of 4, at least ${MIN_PASSWORD_SCORE} needed): use a longer phrase of unrelated words, digits and symbols`;
  }
  return null;
}
