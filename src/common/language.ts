import type { Request } from 'express';
import { registerEnumType } from 'type-graphql';
import { LANGS, type Lang } from '../questionnaire/text';

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
