import type { Request } from 'express';
import { registerEnumType } from 'type-graphql';
import { LANGS, type Lang } from '../questionnaire/text';
import { quote } from './quote';

/** The language of labels in stats answers and CSV exports. */
export const Language = { EN: 'en', ES: 'es' } as const satisfies Record<string, Lang>;

registerEnumType(Language, {
  name: 'Language',
  description: 'Language of labels and CSV headers. Place names stay as the gazetteer spells them.',
  valuesConfig: { EN: { description: 'English.' }, ES: { description: 'Spanish (español), in the terms of the DTM Peru reports.' } },
});

/** The caller's language from `Accept-Language` (English or Spanish, by the caller's preference), else English. */
export function languageOf(req: Pick<Request, 'acceptsLanguages'>): Lang {
  const best = req.acceptsLanguages(...LANGS);
  return best === 'es' ? 'es' : 'en';
}

/**
 * A `lang` query parameter (`en` or `es`, in any case; undefined when absent). Any other value is
 * refused with the error `refuse` makes of a sentence naming the value and what is allowed.
 */
export function langParameter(value: unknown, refuse: (message: string) => Error): Lang | undefined {
  if (value === undefined) return undefined;
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!(LANGS as readonly string[]).includes(v)) throw refuse(`lang: ${quote(value)} is not allowed; expected ${LANGS.join(' or ')}.`);
  return v as Lang;
}
