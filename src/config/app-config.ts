import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { passwordWeakness } from '../accounts/domain/password-strength';
import { DEFAULT_FEE_SCHEDULE, FeeSchedule, feeScheduleProblem, parseFeeBands } from '../contracts/domain/service-fees';

/**
 * Secrets that are public knowledge (placeholders from examples and our own README): a server signing tokens with
 * one of them lets anyone forge an admin token. Compared case-insensitively; anything starting `change-me` counts.
 */
export const KNOWN_PLACEHOLDER_SECRETS = [
  'secret',
  'changeme',
  'your-secret',
  'your-secret-key',
  'jwt-secret',
  'replace-with-a-long-random-secret-of-at-least-32-characters',
];

export function isPlaceholderSecret(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.startsWith('change-me') || v.startsWith('changeme') || KNOWN_PLACEHOLDER_SECRETS.includes(v);
}

function IsNotPlaceholderSecret(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotPlaceholderSecret',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !isPlaceholderSecret(value),
      defaultMessage: (args) =>
        `${args?.property} is a published placeholder: generate a random one (openssl rand -base64 48)`,
    },
  });
}

/** The bootstrap admin's password: not a published placeholder, and held to every account's rule (zxcvbn ≥ 3). */
function IsStrongAdminPassword(): PropertyDecorator {
  const problem = (value: unknown): string | null => {
    if (typeof value !== 'string' || value.length < 10) return null; // reported by the other decorators
    if (isPlaceholderSecret(value)) return 'a published placeholder: choose a password of your own';
    return passwordWeakness(value);
  };
  return ValidateBy({
    name: 'isStrongAdminPassword',
    validator: {
      validate: (value: unknown) => problem(value) === null,
      defaultMessage: (args) => `${args?.property}: ${problem(args?.value) ?? 'too weak'}`,
    },
  });
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/**
 * The environment, validated at start (API.md "Configuration"). Property names are the variable names,
 * so a validation message names the variable to fix.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @IsNotPlaceholderSecret()
  JWT_SECRET?: string;

  /** Where the server listens: 127.0.0.1 in embedded mode (a developer's machine), all interfaces with DATABASE_URL. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[0-9A-Za-z.:-]{1,253}$/, { message: 'HOST must be an IP address or host name' })
  HOST?: string;

  /** Trusted reverse-proxy hops in front of the server (0: none), so per-client limits count real client IPs. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /** Serve the Swagger UI and the OpenAPI document (`/docs`, `/docs-json`). */
  @Transform(toBool)
  @IsBoolean({ message: 'SWAGGER must be true or false' })
  SWAGGER = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  REGISTRATIONS_PER_IP_PER_HOUR = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SSE_MAX_STREAMS_PER_IP = 50;

  /**
   * Listing search: totals are counted exactly up to this many matches; beyond it the page carries an estimate
   * (`totalIsEstimate: true`, sampled), so a common word over a province's listings stays fast.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SEARCH_EXACT_TOTAL_CAP = 1000;

  /** Late fee (滞纳金) per day of delay, in basis points of the unpaid amount (5 = 0.05 %). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  LATE_FEE_BP_PER_DAY = 5;

  /** A procurement's retention (质保金), in basis points of the total price (300 = 3 %). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  RETENTION_BP = 300;

  /** The largest advance (预付款) a procurement may set, in basis points of the total (3000 = 30 %). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  PROCUREMENT_ADVANCE_MAX_BP = 3000;

  /** The test clock (`PUT /admin/clock`) for demos and tests; refused with NODE_ENV=production. */
  @Transform(toBool)
  @IsBoolean({ message: 'TEST_CLOCK must be true or false' })
  TEST_CLOCK = false;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_EXPIRES_IN_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_DAYS = 30;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^1[3-9]\d{9}$/, { message: 'ADMIN_PHONE must be a mainland mobile number (11 digits)' })
  ADMIN_PHONE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  @IsStrongAdminPassword()
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  ANNOUNCEMENT_MIN_WORKING_DAYS?: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  PUBLICITY_WORKING_DAYS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  SIGNING_WORKING_DAYS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  AUCTION_EXTENSION_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MIN_BIDDERS_FOR_AUCTION = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_MAX_FAILURES_PER_PHONE = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  BIDS_PER_SECOND_PER_BIDDER = 2;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @Matches(/^[A-Z]{1,6}$/, { message: 'LISTING_NO_PREFIX must be 1-6 capital letters' })
  LISTING_NO_PREFIX = 'HA';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Service-fee bands (DOMAIN.md §2): `fromFen:rateBp` pairs, ascending, the first from 0. */
  @IsString()
  SERVICE_FEE_BANDS = DEFAULT_FEE_BANDS;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  SERVICE_FEE_MINIMUM_FEN = DEFAULT_FEE_SCHEDULE.minimumFen;

  /** The centre waives all service fees (中心减免服务费). */
  @Transform(toBool)
  @IsBoolean({ message: 'SERVICE_FEES_WAIVED must be true or false' })
  SERVICE_FEES_WAIVED = false;

  /** The trading centre's name, printed on contracts and certificates. */
  @IsString()
  @MinLength(2)
  CENTRE_NAME = '怀安县农村产权交易中心';

  /** The site's public address, for the certificate's QR link to `/verify/:no?code=` (default http://localhost:PORT). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;
}

const DEFAULT_FEE_BANDS = DEFAULT_FEE_SCHEDULE.bands.map((b) => `${b.fromFen}:${b.rateBp}`).join(',');

/** The service-fee schedule the configuration describes (validated at start). */
export function feeScheduleOf(config: EnvironmentVariables): FeeSchedule {
  return { bands: parseFeeBands(config.SERVICE_FEE_BANDS) ?? [], minimumFen: config.SERVICE_FEE_MINIMUM_FEN };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN_KEYS = Object.keys(new EnvironmentVariables());

/** Reads and validates the variables of `env`; throws a ConfigError naming every bad variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const raw: Record<string, string> = {};
  for (const key of [
    ...KNOWN_KEYS,
    'DATABASE_URL',
    'JWT_SECRET',
    'ADMIN_PHONE',
    'ADMIN_PASSWORD',
    'SEED_DEMO',
    'PUBLIC_BASE_URL',
    'HOST',
  ]) {
    const value = env[key];
    if (value !== undefined) raw[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.DATABASE_URL && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required when DATABASE_URL is set (at least 32 characters)');
  }
  if (config.TEST_CLOCK === true && env.NODE_ENV === 'production') {
    problems.push('TEST_CLOCK: a test clock is refused in production (NODE_ENV=production)');
  }
  if ((config.ADMIN_PHONE === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_PHONE / ADMIN_PASSWORD: set both or neither');
  }
  if (typeof config.SERVICE_FEE_BANDS === 'string') {
    const bands = parseFeeBands(config.SERVICE_FEE_BANDS);
    // the minimum is checked by its own decorators: only the bands here
    const problem = bands
      ? feeScheduleProblem({ bands, minimumFen: 0 })
      : 'comma-separated fromFen:rateBp pairs expected, e.g. 0:130,50000000:120';
    if (problem) problems.push(`SERVICE_FEE_BANDS: ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
