import type { Text } from './text';

/** One answer code of a closed question: the stored code, its label, and a longer description when the label is not enough. */
export interface CodeDef {
  /** Stored code, lower case, e.g. `family_reunification`. */
  readonly code: string;
  /** Short label: stats answers, CSV exports. */
  readonly label: Text;
  /** What Sandbox shows for the code when the label alone would be unclear; else the label is used. */
  readonly description?: Text;
}

/**
 * The closed list of answers of a question. Its keys are the GraphQL enum values (`FAMILY_REUNIFICATION`),
 * in display order: stats groups and CSV rows follow it.
 */
export interface CodeList<K extends string = string> {
  /** GraphQL enum name, e.g. `ReasonForLeaving`. */
  readonly name: string;
  readonly description: Text;
  readonly codes: { readonly [key in K]: CodeDef };
}

export const codeList = <const C extends { readonly [key: string]: CodeDef }>(
  name: string,
  description: Text,
  codes: C,
): CodeList<Extract<keyof C, string>> & { readonly codes: C } => ({ name, description, codes });

/** The stored codes of a list, in display order. */
export const codesOf = (list: CodeList): string[] => Object.values<CodeDef>(list.codes).map((c) => c.code);

/** The description Sandbox shows for a code: its own, or its label as a sentence. */
export const codeDescription = (c: CodeDef): Text => c.description ?? { en: `${c.label.en}.`, es: `${c.label.es}.` };
