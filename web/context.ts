import type { formats, Lang, Messages } from './i18n';

/** A dimension the profile can break respondents down by, with its name in both languages (from the hub's registry). */
export interface DimensionOption {
  name: string;
  label: Record<Lang, string>;
}

/** What every view gets: the language, its words and formats, the URL's parameters and the dimensions. */
export interface ViewContext {
  lang: Lang;
  t: Messages;
  fmt: ReturnType<typeof formats>;
  params: URLSearchParams;
  dimensions: DimensionOption[];
}

/** Colours of series and groups, each at least 3:1 against the white background (WCAG non-text contrast). */
export const PALETTE = ['#1f5fa8', '#b5521b', '#2d7d4f', '#7b3fa0', '#a8323e', '#4d5a66', '#8a6d00', '#0f7580'];
