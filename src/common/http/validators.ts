import { ValidateBy, ValidationOptions } from 'class-validator';
import {
  EARLIEST_ACCEPTED_DATE,
  isAcceptedInstant,
  isAcceptedIsoDate,
  LATEST_ACCEPTED_DATE,
} from '../domain/calendar-date';

const RANGE = `between ${EARLIEST_ACCEPTED_DATE} and ${LATEST_ACCEPTED_DATE}`;

/** A real calendar date written `YYYY-MM-DD` in the accepted range (2026-02-30 and 9999-12-31 are refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isAcceptedIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a real date written YYYY-MM-DD, ${RANGE}`,
      },
    },
    options,
  );
}

/** Trims strings (so a blank title is refused as empty); anything else is left for the validators to refuse. */
export const trimString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** An instant in ISO 8601 with its offset (`2026-12-18T17:00:00+08:00` or `...Z`): a time without one is ambiguous. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          isAcceptedIsoDate(value.slice(0, 10)) &&
          isAcceptedInstant(new Date(value)),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date-time with an offset (Z or +08:00), ${RANGE}`,
      },
    },
    options,
  );
}
