import {
  EARLIEST_ACCEPTED_DATE,
  isAcceptedIsoDate,
  isValidIsoDate,
  LATEST_ACCEPTED_DATE,
} from '../../common/domain/calendar-date';
import { FieldError } from '../../common/errors/domain-error';
import { AttributeSpec, AttributeValue, BOUNDARY_SIDES, Boundaries, CategoryDefinition } from './category.types';

/** Longest accepted string attribute (a sanity cap against abuse, not a business rule). */
export const MAX_ATTRIBUTE_STRING_LENGTH = 2000;
/** Longest accepted string[] attribute. */
export const MAX_ATTRIBUTE_ARRAY_LENGTH = 500;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True for a finite number >= 0 with at most 2 decimals. */
export function isDecimal2(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && Number(value.toFixed(2)) === value;
}

/** True for a safe integer >= 0. */
export function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkString(value: unknown, field: string, required: boolean, errors: FieldError[]): void {
  if (typeof value !== 'string') {
    errors.push({ field, message: 'must be a string' });
  } else if (required && value.trim() === '') {
    errors.push({ field, message: 'must not be empty' });
  } else if (value.length > MAX_ATTRIBUTE_STRING_LENGTH) {
    errors.push({ field, message: `must be at most ${MAX_ATTRIBUTE_STRING_LENGTH} characters` });
  }
}

function checkNonEmptyString(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: 'must be a non-empty string' });
  } else if (value.length > MAX_ATTRIBUTE_STRING_LENGTH) {
    errors.push({ field, message: `must be at most ${MAX_ATTRIBUTE_STRING_LENGTH} characters` });
  }
}

/** Checks one present (not undefined/null) value against its spec; appends errors naming `field`. */
export function validateAttributeValue(spec: AttributeSpec, value: unknown, field: string): FieldError[] {
  const errors: FieldError[] = [];
  switch (spec.type) {
    case 'string':
      checkString(value, field, spec.required, errors);
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) errors.push({ field, message: 'must be an integer' });
      else if (value < 0) errors.push({ field, message: 'must be >= 0' });
      else if (!Number.isSafeInteger(value)) errors.push({ field, message: 'is too large' });
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) errors.push({ field, message: 'must be a number' });
      else if (value < 0) errors.push({ field, message: 'must be >= 0' });
      else if (!isDecimal2(value)) errors.push({ field, message: 'must have at most 2 decimals' });
      break;
    case 'date':
      if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
        errors.push({ field, message: 'must be a date YYYY-MM-DD' });
      } else if (!isValidIsoDate(value)) {
        errors.push({ field, message: 'is not a valid calendar date' });
      } else if (!isAcceptedIsoDate(value)) {
        errors.push({ field, message: `must lie between ${EARLIEST_ACCEPTED_DATE} and ${LATEST_ACCEPTED_DATE}` });
      }
      break;
    case 'enum': {
      const allowed = spec.enum ?? [];
      if (typeof value !== 'string' || !allowed.includes(value)) {
        errors.push({ field, message: `must be one of ${allowed.join(', ')}` });
      }
      break;
    }
    case 'string[]':
      if (!Array.isArray(value)) {
        errors.push({ field, message: 'must be an array of strings' });
      } else if (spec.required && value.length === 0) {
        errors.push({ field, message: 'must not be empty' });
      } else if (value.length > MAX_ATTRIBUTE_ARRAY_LENGTH) {
        errors.push({ field, message: `must have at most ${MAX_ATTRIBUTE_ARRAY_LENGTH} items` });
      } else {
        value.forEach((item: unknown, i) => checkNonEmptyString(item, `${field}[${i}]`, errors));
      }
      break;
    case 'boundaries':
      if (!isRecord(value)) {
        errors.push({ field, message: 'must be an object with east, south, west and north' });
      } else {
        for (const side of BOUNDARY_SIDES) {
          if (value[side] === undefined || value[side] === null) {
            errors.push({ field: `${field}.${side}`, message: 'is required' });
          } else {
            checkNonEmptyString(value[side], `${field}.${side}`, errors);
          }
        }
        for (const key of Object.keys(value)) {
          if (!(BOUNDARY_SIDES as readonly string[]).includes(key)) {
            errors.push({ field: `${field}.${key}`, message: 'unknown key' });
          }
        }
      }
      break;
  }
  return errors;
}

/**
 * Validates a listing's `attributes` against its category: must be an object; required keys present (undefined and
 * null count as absent; absent or null optional attributes are fine); each value of its spec's type; no unknown keys
 * (`areaMu` is a top-level listing field, never an attribute). Returns [] when valid.
 * Fields are named `attributes.<key>`, `attributes.boundaries.east`, `attributes.parcelCodes[1]`.
 */
export function validateAttributes(
  category: CategoryDefinition,
  attributes: unknown,
  fieldPrefix = 'attributes',
): FieldError[] {
  if (!isRecord(attributes)) return [{ field: fieldPrefix, message: 'must be an object' }];
  const errors: FieldError[] = [];
  for (const spec of category.attributes) {
    const field = `${fieldPrefix}.${spec.key}`;
    const value = Object.prototype.hasOwnProperty.call(attributes, spec.key) ? attributes[spec.key] : undefined;
    if (value === undefined || value === null) {
      if (spec.required) errors.push({ field, message: 'is required' });
      continue;
    }
    errors.push(...validateAttributeValue(spec, value, field));
  }
  const known = new Set(category.attributes.map((a) => a.key));
  for (const key of Object.keys(attributes)) {
    if (!known.has(key)) {
      const message =
        key === 'areaMu' ? 'unknown attribute (areaMu is a top-level listing field)' : 'unknown attribute';
      errors.push({ field: `${fieldPrefix}.${key}`, message });
    }
  }
  return errors;
}

/**
 * The value of attribute `key`, or undefined when absent/null or `attributes` is not an object.
 * Unchecked cast: call only on attributes that passed `validateAttributes`, with the type of the attribute's spec.
 */
export function attributeValue<T extends AttributeValue>(attributes: unknown, key: string): T | undefined {
  if (!isRecord(attributes)) return undefined;
  const value = attributes[key];
  return value === undefined || value === null ? undefined : (value as T);
}

/** A string (string, enum or date) attribute, or undefined when absent or not a string. */
export function attributeString(attributes: unknown, key: string): string | undefined {
  const value = attributeValue(attributes, key);
  return typeof value === 'string' ? value : undefined;
}

/** A numeric (integer or number) attribute, or undefined when absent or not a number. */
export function attributeNumber(attributes: unknown, key: string): number | undefined {
  const value = attributeValue(attributes, key);
  return typeof value === 'number' ? value : undefined;
}

/** A string[] attribute, or undefined when absent or not an array of strings. */
export function attributeStringArray(attributes: unknown, key: string): string[] | undefined {
  const value = attributeValue(attributes, key);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

/** A boundaries attribute, or undefined when absent or not a complete `{ east, south, west, north }`. */
export function attributeBoundaries(attributes: unknown, key = 'boundaries'): Boundaries | undefined {
  const value = attributeValue(attributes, key);
  if (!isRecord(value) || !BOUNDARY_SIDES.every((s) => typeof value[s] === 'string')) return undefined;
  return { east: String(value.east), south: String(value.south), west: String(value.west), north: String(value.north) };
}
