import { Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from '../errors/validation';
import { CALENDAR_YEAR_RANGE } from '../domain/working-days';

/** A path id that must be a UUID: anything else is `400 VALIDATION_FAILED`, never a 500 or a 404. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => validationFailed([{ field: name, message: `${name} must be a UUID` }]),
    }),
  );

/** A path number that must be a positive integer (at most 9999): anything else is `400 VALIDATION_FAILED`. */
export const PositiveIntParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () => validationFailed([{ field: name, message: `${name} must be a positive integer` }]),
    }),
    {
      transform: (value: number) => {
        if (value < 1 || value > 9999) throw validationFailed([{ field: name, message: `${name} must be 1-9999` }]);
        return value;
      },
    },
  );

/** A year in a path (1900-9998, the years of the dates the API accepts): anything else is `400 VALIDATION_FAILED`. */
export const YearParam = (name = 'year'): ParameterDecorator =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () => validationFailed([{ field: name, message: `${name} must be a year` }]),
    }),
    {
      transform: (value: number) => {
        if (value < CALENDAR_YEAR_RANGE.first || value > CALENDAR_YEAR_RANGE.last) {
          throw validationFailed([
            { field: name, message: `${name} must be ${CALENDAR_YEAR_RANGE.first}-${CALENDAR_YEAR_RANGE.last}` },
          ]);
        }
        return value;
      },
    },
  );
