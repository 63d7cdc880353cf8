import countries from './iso-countries';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { badInput } from './errors';
import { quote } from './quote';

/** True for an ISO 3166-1 alpha-3 code, in any case (`per`, `PER`). */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) && countries.isValid(value.toUpperCase());
}

export const COUNTRY_CODE_RULE = 'an ISO 3166-1 alpha-3 country code such as PER, VEN, COL, ECU or CHL';

/** Validates a GraphQL argument or input field holding an ISO3 country code. */
export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCountryCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (a: ValidationArguments) => `${a.property} must be ${COUNTRY_CODE_RULE} (got ${quote(a.value)})`, ...options },
      validator: { validate: (value: unknown) => value === undefined || value === null || isCountryCode(value) },
    });
}

export function assertCountryCode(argument: string, value: string): string {
  if (!isCountryCode(value)) throw badInput(argument, value, `expected ${COUNTRY_CODE_RULE}`);
  return value.toUpperCase();
}
