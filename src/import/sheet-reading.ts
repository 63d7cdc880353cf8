import type { BundleReader, LayoutResolver } from './bundle';
import { LocationIndex } from './locations';
import { Mapping, resolveLayout } from './mapping';
import { ProgressSink } from './progress';
import { RoundCheck } from './round-meta';
import { compileRowConverter, RowConverter } from './row-converter';
import { SheetRules } from './rules';
import { ViolationLog } from '../csv/violations';

/**
 * What both passes of an import share when they read a sheet: the bundle, its mapping, the round
 * checked from round.json, and the header-to-converter step, so the write pass converts each row
 * exactly as the validation pass checked it.
 */

export interface SheetPass {
  reader: BundleReader;
  mapping: Mapping;
  locations: LocationIndex;
  round: RoundCheck;
  log: ViolationLog;
  warnings: string[];
  progress: ProgressSink;
}

export interface SheetReading {
  resolve: LayoutResolver;
  /** The row converter, once `resolve` has seen a header it could lay out. */
  converter: () => RowConverter | null;
}

/** Builds the layout resolver and the row converter of a sheet, once its header is known. */
export function sheetReading(pass: SheetPass, rules: SheetRules): SheetReading {
  let converter: RowConverter | null = null;
  const file = pass.reader.label(rules.sheet);
  return {
    resolve: ({ header, hxl }) => {
      const layout = resolveLayout({
        sheet: rules.sheet,
        file,
        header,
        hxl,
        columns: rules.columns.map((c) => c.column),
        aliases: new Map(rules.columns.flatMap((c) => (c.aliases ?? []).map((a) => [a.toLowerCase(), c.column] as const))),
        required: rules.columns.filter((c) => c.required).map((c) => c.column),
        mapping: pass.mapping,
        log: pass.log,
        warnings: pass.warnings,
      });
      if (layout) {
        converter = compileRowConverter(rules, {
          file,
          layout,
          locations: pass.locations,
          fieldwork: pass.round.fieldwork,
          pointCodes: pass.round.pointCodes,
          report: (v) => pass.log.add(v),
        });
      }
      return layout;
    },
    converter: () => converter,
  };
}
