import { h } from './dom';
import type { ViewContext } from './context';

export interface Choice {
  value: string;
  label: string;
}

/** A labelled <select> inside the view's form. */
export function select(id: string, name: string, label: string, choices: Choice[], selected: string): HTMLElement {
  const el = h('select', { id, name }, ...choices.map((c) => h('option', { value: c.value, selected: c.value === selected }, c.label)));
  return h('div', { class: 'field' }, h('label', { for: id }, label), el);
}

/**
 * A GET form to `/` that keeps the view and language: choosing and pressing Show gives a new URL,
 * so every state of the page can be bookmarked and shared, and works from the keyboard.
 */
export function viewForm(ctx: ViewContext, view: string, ...fields: HTMLElement[]): HTMLFormElement {
  return h(
    'form',
    { method: 'get', action: '/', class: 'controls', 'aria-label': ctx.t.choose },
    h('input', { type: 'hidden', name: 'view', value: view }),
    h('input', { type: 'hidden', name: 'lang', value: ctx.lang }),
    ...fields,
    h('button', { type: 'submit' }, ctx.t.show),
  );
}

/** A round's key in URLs and selects, e.g. `PER-4`. */
export const roundKey = (r: { country: string; number: number }) => `${r.country}-${r.number}`;

/** A small colour key (SVG squares: no inline style, which the page's CSP refuses). */
export function legend(items: { label: string; color: string }[]): HTMLElement {
  const ns = 'http://www.w3.org/2000/svg';
  return h(
    'ul',
    { class: 'legend' },
    ...items.map(({ label, color }) => {
      const svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('width', '12');
      svg.setAttribute('height', '12');
      svg.setAttribute('aria-hidden', 'true');
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('width', '12');
      rect.setAttribute('height', '12');
      rect.setAttribute('fill', color);
      svg.append(rect);
      return h('li', {}, svg, ` ${label}`);
    }),
  );
}
