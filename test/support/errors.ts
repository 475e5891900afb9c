import { Response } from 'supertest';

/** The response is the contract's error body (API.md "Errors") with this status and code. */
export function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(Array.isArray(res.body.details)).toBe(true);
}

/** The fields a 400 VALIDATION_FAILED names. */
export function fieldsOf(res: Response): string[] {
  return (res.body.details as { field: string }[]).map((d) => d.field);
}
