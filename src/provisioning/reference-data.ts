import { FIGURES_DATASET, recordChange } from '../db/change-log';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { FlowStatistic } from '../modules/flow-statistic/flow-statistic.entity';
import { FlowIndicator, Publisher } from '../modules/flow-statistic/flow-statistic.enums';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import { Confidence } from '../modules/published-figure/published-figure.enums';

/** One object of published-figures.json, as the reference file spells it. */
export interface PublishedFigureRecord {
  round: number;
  indicator: string;
  breakdown: string;
  value: number | null;
  unit: string;
  denominator_note: string | null;
  source_url: string | null;
  source: string | null;
  confidence: string;
}

interface FlowStatisticRecord {
  figure: [number, string, string];
  publisher: string;
  indicator: string;
  country: string;
  admin1Pcode?: string | null;
  borderPoint?: string | null;
  referencePeriodStart: string | null;
  referencePeriodEnd: string;
  asOf: string | null;
  unit: string;
  note: string | null;
}

export function readPublishedFigures(referenceDir: string): PublishedFigureRecord[] {
  return JSON.parse(readFileSync(path.join(referenceDir, 'published-figures.json'), 'utf8'));
}

/** The official series, each with value and source taken from the published figure it cites. */
export function readFlowStatistics(referenceDir: string, figures: PublishedFigureRecord[]): Omit<FlowStatistic, 'id'>[] {
  const { statistics } = JSON.parse(readFileSync(path.join(referenceDir, 'flow-statistics.json'), 'utf8')) as {
    statistics: FlowStatisticRecord[];
  };
  return statistics.map((s) => {
    const [round, indicator, breakdown] = s.figure;
    const figure = figures.find((f) => f.round === round && f.indicator === indicator && f.breakdown === breakdown);
    if (!figure || figure.value === null) {
      throw new Error(`flow-statistics.json cites a figure that published-figures.json lacks: ${JSON.stringify(s.figure)}`);
    }
    return {
      publisher: s.publisher as Publisher,
      indicator: s.indicator as FlowIndicator,
      country: s.country,
      admin1Pcode: s.admin1Pcode ?? null,
      borderPoint: s.borderPoint ?? null,
      referencePeriodStart: s.referencePeriodStart,
      referencePeriodEnd: s.referencePeriodEnd,
      asOf: s.asOf,
      value: figure.value,
      unit: s.unit,
      source: figure.source ?? `DTM Peru round ${round} (published figure ${indicator})`,
      sourceUrl: figure.source_url,
      note: s.note,
    };
  });
}

/** The files of the reference folder that `replaceFigures` reads: its dataset's content. */
export const FIGURE_FILES = ['published-figures.json', 'flow-statistics.json'] as const;

/** Replaces the published figures and official series with those of the reference folder, inside `m`'s transaction. */
export async function replaceFigures(m: EntityManager, referenceDir: string): Promise<{ figures: number; statistics: number }> {
  const records = readPublishedFigures(referenceDir);
  const statistics = readFlowStatistics(referenceDir, records);
  const figures = records.map((f) => ({
    country: 'PER',
    round: f.round,
    indicator: f.indicator,
    breakdown: f.breakdown,
    value: f.value,
    unit: f.unit,
    baseNote: f.denominator_note,
    source: f.source,
    sourceUrl: f.source_url,
    confidence: f.confidence as Confidence,
  }));
  await m.clear(PublishedFigure);
  await m.clear(FlowStatistic);
  await m.insert(PublishedFigure, figures);
  await m.insert(FlowStatistic, statistics);
  return { figures: figures.length, statistics: statistics.length };
}

/**
 * Replaces the published figures and official series with those of the reference folder,
 * atomically, whatever was loaded before (the reference step calls `replaceFigures` only when the
 * shipped files changed).
 */
export async function loadReferenceData(ds: DataSource, referenceDir: string): Promise<{ figures: number; statistics: number }> {
  return ds.transaction(async (m) => {
    const counts = await replaceFigures(m, referenceDir);
    await recordChange(m, { kind: 'REFERENCE_RELOADED', dataset: FIGURES_DATASET });
    return counts;
  });
}
