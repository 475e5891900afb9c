import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from './domain-error';

/** Flattens class-validator errors to `{ field: 'a.b[0].c', message }`, one per offending field. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    if (e.constraints) {
      const messages = Object.entries(e.constraints).map(([key, msg]) =>
        key === 'whitelistValidation' ? `${field} is not an allowed field` : msg,
      );
      out.push({ field, message: messages.join('; ') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * A DTO whose fields are checked against each other (e.g. a listing's attributes against its category) implements
 * this: when the shape checks fail, its cross-field errors are reported with them, so the caller learns every
 * offending field at once.
 */
export interface WithCrossFieldErrors {
  crossFieldErrors(): FieldError[];
}

function crossFieldErrorsOf(errors: ValidationError[]): FieldError[] {
  const target = errors[0]?.target as Partial<WithCrossFieldErrors> | undefined;
  return typeof target?.crossFieldErrors === 'function' ? target.crossFieldErrors() : [];
}

export function validationFailed(details: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', {}, details);
}

/** The one global pipe: DTOs are the only input shapes; unknown fields are rejected. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const seen = new Set(details.map((d) => d.field));
      return validationFailed([...details, ...crossFieldErrorsOf(errors).filter((d) => !seen.has(d.field))]);
    },
  });
}
