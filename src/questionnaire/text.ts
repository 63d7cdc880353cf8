/** The languages of labels and CSV headers: English and Spanish (the language of the DTM Peru reports). */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in every language the hub speaks. */
export type Text = Readonly<Record<Lang, string>>;

/** A text for every language from a pair, e.g. `text('Sex', 'Sexo')`. */
export const text = (en: string, es: string): Text => ({ en, es });

/** The Spanish and English answers to yes/no questions, codes `yes` and `no`. */
export const YES_NO_LABELS: Readonly<Record<'yes' | 'no', Text>> = { yes: text('Yes', 'Sí'), no: text('No', 'No') };
