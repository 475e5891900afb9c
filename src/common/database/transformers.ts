import { ValueTransformer } from 'typeorm';

/** `bigint` columns (money in fen, sequences) read as safe JS integers; a value beyond 2^53 is a bug, not data. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null): number | null => {
    if (value === null || value === undefined) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${value} is outside the safe integer range`);
    return n;
  },
};

/** `numeric(12,2)` areas (mu) read as JS numbers. */
export const numericNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null): number | null => (value === null || value === undefined ? null : Number(value)),
};
