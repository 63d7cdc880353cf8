import { explorerLink, type Operation } from './api';
import { csvText, download } from './csv';
import { h, numberCell } from './dom';
import type { Messages } from './i18n';

/** A column of a chart's data: its header and how its cells show. */
export interface Column {
  label: string;
  /** `text` cells show as given; numbers are formatted and keep their exact value in data-value. */
  format?: (n: number) => string;
}

export type Cell = string | number | null;

/** Everything a chart shows: its title, a sentence that says what it shows, its numbers and the operation they came from. */
export interface ChartSpec<TData, TVars> {
  id: string;
  title: string;
  summary: string;
  columns: Column[];
  rows: Cell[][];
  /** Draws the chart (an SVG from Plot); null when there is nothing to draw. */
  draw: (() => Element) | null;
  /** A colour key shown under the chart, when colours stand for groups. */
  legend?: HTMLElement;
  operation: Operation<TData, TVars>;
}

/**
 * A chart with its alternatives: the summary as the chart's text alternative and caption, the data
 * table (exactly the numbers drawn), a CSV of the same numbers, and the operation in the explorer.
 */
export function chartFrame<TData, TVars>(spec: ChartSpec<TData, TVars>, t: Messages): HTMLElement {
  const titleId = `${spec.id}-title`;
  const figure = h('figure', { class: 'chart', id: spec.id, 'aria-labelledby': titleId });
  const caption = h('figcaption', {}, h('h3', { id: titleId }, spec.title), h('p', { class: 'summary' }, spec.summary));
  figure.append(caption);
  if (spec.draw) {
    const chart = forThePage(spec.draw());
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', `${spec.title}. ${spec.summary}`);
    figure.append(h('div', { class: 'plot-wrap' }, chart));
    if (spec.legend) figure.append(spec.legend);
  } else {
    figure.append(h('p', { class: 'empty' }, t.noData));
  }
  const csvButton = h('button', { type: 'button', class: 'csv' }, t.downloadCsv);
  csvButton.addEventListener('click', () => download(`${spec.id}.csv`, csvText(spec.columns.map((c) => c.label), spec.rows)));
  figure.append(
    h('p', { class: 'actions' }, csvButton, ' ', h('a', { href: explorerLink(spec.operation), class: 'explorer' }, t.openExplorer)),
    h('details', { class: 'data' }, h('summary', {}, t.table), dataTable(spec)),
  );
  return figure;
}

function dataTable<TData, TVars>(spec: ChartSpec<TData, TVars>): HTMLTableElement {
  const head = h('tr', {}, ...spec.columns.map((c) => h('th', { scope: 'col' }, c.label)));
  const body = spec.rows.map((row) =>
    h(
      'tr',
      {},
      ...row.map((value, i) => {
        const format = spec.columns[i].format;
        return format && typeof value !== 'string' ? numberCell(value, format) : h('td', {}, value === null ? '–' : String(value));
      }),
    ),
  );
  return h('table', { class: 'data-table' }, h('caption', {}, spec.title), h('thead', {}, head), h('tbody', {}, ...body));
}

/**
 * Plot's SVG made fit for the page. Plot puts a <style> element in each SVG; the page's
 * Content-Security-Policy (style-src 'self') refuses inline styles, so it is removed before the
 * SVG enters the page and page.css holds the same rules for the class `plot`. Plot also names its
 * mark groups with aria-label ("bar", "dot"), which ARIA forbids on a <g> without a role; the
 * chart is one image (role img, labelled by its summary) whose numbers are in the data table, so
 * the names move to data-mark.
 */
function forThePage(node: Element): Element {
  for (const style of Array.from(node.querySelectorAll('style'))) style.remove();
  for (const el of Array.from(node.querySelectorAll('[aria-label]'))) {
    el.setAttribute('data-mark', el.getAttribute('aria-label') ?? '');
    el.removeAttribute('aria-label');
  }
  for (const el of Array.from(node.querySelectorAll('[aria-description]'))) el.removeAttribute('aria-description');
  return node;
}
