import { DEFAULT_FEE_SCHEDULE } from '../contracts/domain/service-fees';
import { ConfigError, feeScheduleOf, validateEnvironment } from './app-config';

function problemsOf(env: Record<string, string>): string {
  try {
    validateEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('validateEnvironment', () => {
  it('gives the documented defaults with an empty environment (embedded mode)', () => {
    const c = validateEnvironment({});
    expect(c).toMatchObject({
      DATA_DIR: './data',
      PORT: 3000,
      PUBLICITY_WORKING_DAYS: 5,
      SIGNING_WORKING_DAYS: 5,
      AUCTION_EXTENSION_SECONDS: 300,
      MIN_BIDDERS_FOR_AUCTION: 2,
      LOGIN_MAX_FAILURES_PER_PHONE: 5,
      LOGIN_MAX_FAILURES_PER_IP: 50,
      BIDS_PER_SECOND_PER_BIDDER: 2,
      JWT_EXPIRES_IN_SECONDS: 900,
    });
    expect(c.ANNOUNCEMENT_MIN_WORKING_DAYS).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers and booleans from strings, 0 allowed where the contract allows it', () => {
    const c = validateEnvironment({ PORT: '8080', ANNOUNCEMENT_MIN_WORKING_DAYS: '0', SEED_DEMO: 'true' });
    expect(c.PORT).toBe(8080);
    expect(c.ANNOUNCEMENT_MIN_WORKING_DAYS).toBe(0);
    expect(c.SEED_DEMO).toBe(true);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x', JWT_SECRET: 'x'.repeat(40) }],
    ['JWT_SECRET', { DATABASE_URL: 'postgres://u@h/db' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['ANNOUNCEMENT_MIN_WORKING_DAYS', { ANNOUNCEMENT_MIN_WORKING_DAYS: '-1' }],
    ['PUBLICITY_WORKING_DAYS', { PUBLICITY_WORKING_DAYS: 'five' }],
    ['AUCTION_EXTENSION_SECONDS', { AUCTION_EXTENSION_SECONDS: '1.5' }],
    ['MIN_BIDDERS_FOR_AUCTION', { MIN_BIDDERS_FOR_AUCTION: '0' }],
    ['LOGIN_MAX_FAILURES_PER_PHONE', { LOGIN_MAX_FAILURES_PER_PHONE: '0' }],
    ['LOGIN_MAX_FAILURES_PER_IP', { LOGIN_MAX_FAILURES_PER_IP: 'x' }],
    ['BIDS_PER_SECOND_PER_BIDDER', { BIDS_PER_SECOND_PER_BIDDER: '' }],
    ['ADMIN_PHONE', { ADMIN_PHONE: '12345', ADMIN_PASSWORD: 'long-enough-password' }],
    ['ADMIN_PASSWORD', { ADMIN_PHONE: '13800000000', ADMIN_PASSWORD: 'short' }],
    ['ADMIN_PHONE / ADMIN_PASSWORD', { ADMIN_PHONE: '13800000000' }],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }],
    ['SIGNING_WORKING_DAYS', { SIGNING_WORKING_DAYS: '-3' }],
    ['SERVICE_FEE_BANDS', { SERVICE_FEE_BANDS: '0:130,100:abc' }],
    ['SERVICE_FEE_BANDS', { SERVICE_FEE_BANDS: '10:130' }],
    ['SERVICE_FEE_BANDS', { SERVICE_FEE_BANDS: '0:130,100:120,100:100' }],
    ['SERVICE_FEE_MINIMUM_FEN', { SERVICE_FEE_MINIMUM_FEN: '-1' }],
    ['SERVICE_FEES_WAIVED', { SERVICE_FEES_WAIVED: 'perhaps' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://x' }],
    ['JWT_SECRET', { JWT_SECRET: 'change-me-to-a-long-random-secret-of-32-chars' }],
    ['JWT_SECRET', { JWT_SECRET: 'CHANGE-ME-please-this-is-long-enough-for-the-rule' }],
    ['JWT_SECRET', { JWT_SECRET: 'replace-with-a-long-random-secret-of-at-least-32-characters' }],
    ['ADMIN_PASSWORD', { ADMIN_PHONE: '13800000000', ADMIN_PASSWORD: 'change-me-please' }],
    ['ADMIN_PASSWORD', { ADMIN_PHONE: '13800000000', ADMIN_PASSWORD: 'password123' }],
    ['HOST', { HOST: 'not a host' }],
    ['TRUST_PROXY', { TRUST_PROXY: '-1' }],
    ['SWAGGER', { SWAGGER: 'sometimes' }],
    ['REGISTRATIONS_PER_IP_PER_HOUR', { REGISTRATIONS_PER_IP_PER_HOUR: '0' }],
    ['SSE_MAX_STREAMS_PER_IP', { SSE_MAX_STREAMS_PER_IP: 'many' }],
  ])('names %s when it is wrong', (variable, env) => {
    expect(problemsOf(env)).toContain(variable);
  });

  it('gives the service-fee schedule of DOMAIN.md §2 by default, and a configured one', () => {
    expect(feeScheduleOf(validateEnvironment({}))).toEqual(DEFAULT_FEE_SCHEDULE);
    const c = validateEnvironment({ SERVICE_FEE_BANDS: '0:100, 5000:50', SERVICE_FEE_MINIMUM_FEN: '0' });
    expect(feeScheduleOf(c)).toEqual({
      bands: [
        { fromFen: 0, rateBp: 100 },
        { fromFen: 5000, rateBp: 50 },
      ],
      minimumFen: 0,
    });
  });

  it('v1.1 defaults: proxies untrusted, Swagger on, 20 registrations per client per hour, 50 streams', () => {
    expect(validateEnvironment({})).toMatchObject({
      TRUST_PROXY: 0,
      SWAGGER: true,
      REGISTRATIONS_PER_IP_PER_HOUR: 20,
      SSE_MAX_STREAMS_PER_IP: 50,
    });
    expect(validateEnvironment({}).HOST).toBeUndefined();
    expect(validateEnvironment({ SWAGGER: 'false' }).SWAGGER).toBe(false);
  });

  it('v1.1 contract money: 0.05 %/day late fee, 3 % retention, advance at most 30 %, no test clock', () => {
    expect(validateEnvironment({})).toMatchObject({
      LATE_FEE_BP_PER_DAY: 5,
      RETENTION_BP: 300,
      PROCUREMENT_ADVANCE_MAX_BP: 3000,
      TEST_CLOCK: false,
    });
    expect(validateEnvironment({ LATE_FEE_BP_PER_DAY: '0', TEST_CLOCK: 'true' })).toMatchObject({
      LATE_FEE_BP_PER_DAY: 0,
      TEST_CLOCK: true,
    });
    expect(problemsOf({ RETENTION_BP: '10001' })).toContain('RETENTION_BP');
    expect(problemsOf({ PROCUREMENT_ADVANCE_MAX_BP: '-1' })).toContain('PROCUREMENT_ADVANCE_MAX_BP');
  });

  it('refuses a test clock in production', () => {
    expect(problemsOf({ TEST_CLOCK: 'true', NODE_ENV: 'production' })).toContain('TEST_CLOCK');
    expect(
      validateEnvironment({
        TEST_CLOCK: 'false',
        NODE_ENV: 'production',
        JWT_SECRET: 'q3X9vLr2pW8sT1yB6nM4kD7fH0jC5gZa',
      }).TEST_CLOCK,
    ).toBe(false);
  });

  it('a long random JWT_SECRET is accepted', () => {
    expect(validateEnvironment({ JWT_SECRET: 'q3X9vLr2pW8sT1yB6nM4kD7fH0jC5gZa' }).JWT_SECRET).toHaveLength(32);
  });

  it('lists every bad variable at once', () => {
    const message = problemsOf({ PORT: 'x', MIN_BIDDERS_FOR_AUCTION: '0' });
    expect(message).toContain('PORT');
    expect(message).toContain('MIN_BIDDERS_FOR_AUCTION');
  });
});
