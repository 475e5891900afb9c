import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from '../errors/validation';

/** A path id that must be a UUID: anything else is `400 VALIDATION_FAILED`, never a 500 or a 404. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => validationFailed([{ field: name, message: `${name} must be a UUID` }]),
    }),
  );
