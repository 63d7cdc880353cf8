/** Small DOM helpers: elements built with text nodes only (never innerHTML), so nothing the API says is parsed as markup. */
type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** A numeric table cell: the formatted number shown, the exact value kept in data-value (tests and the CSV read it). */
export function numberCell(value: number | null | undefined, format: (n: number) => string, empty = '–'): HTMLTableCellElement {
  return value === null || value === undefined
    ? h('td', { class: 'num' }, empty)
    : h('td', { class: 'num', 'data-value': String(value) }, format(value));
}
