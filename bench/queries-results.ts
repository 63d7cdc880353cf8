import { LoadResult } from './load-test';
import { Engine } from './plain-db';

/** The shape of `bench/results.json`: raw figures of one run of `npm run bench:queries`. */
export interface QueryBenchResults {
  generatedAt: string;
  command: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run started and ended: other work on the machine. */
    loadAverageStart: number;
    loadAverageEnd: number;
  };
  git: { commit: string; changedFiles: number } | null;
  data: {
    respondents: number;
    households: number;
    children: number;
    choices: number;
    csvMb: number;
    bundleReused: boolean;
    roundId: string;
  };
  settings: {
    coldRepetitions: number;
    loadSeconds: number;
    pageSeconds: number;
    /** Turns taken by two compared loads (absent in results written before they alternated). */
    slices?: number;
    clients: number[];
    hubEnv: Record<string, string>;
    /** Node options of the hub process, as `npm start` gives them (absent in results written before they were recorded). */
    hubNodeArgs?: string[];
    postgraphile: string;
  };
  engines: Partial<Record<Engine, EngineResult>>;
}

export interface ColdStatsResult {
  id: string;
  title: string;
  target: number;
  /** One per repetition, in run order (the warm-up run is not included). */
  hubMs: number[];
  plainMs: number[];
  plainSql: string;
  hubMedianMs: number;
  plainMedianMs: number;
  /** hub median / plain median. */
  ratio: number;
  /** Differences between the hub's answer and the plain rows; null when they agreed every time. */
  mismatch: string | null;
  hubErrors: string[];
}

export interface RepeatedStatsResult {
  id: string;
  title: string;
  /** Per client count, the operation's runs merged (see mergeLoads). */
  byClients: Record<string, LoadResult>;
  /**
   * This operation's answers per second / those of `{ __typename }` in the runs that alternated
   * with it, per client count (before results recorded `sliceRatios`: the mean of the two
   * `{ __typename }` runs just before and after it).
   */
  ratioToTypename: Record<string, number>;
  /** The same ratio for each turn alone, in run order: the spread between turns. */
  sliceRatios?: Record<string, number[]>;
}

export interface EngineResult {
  engine: Engine;
  version: string;
  databaseMb: number;
  failed: string | null;
  import: { seconds: number; peakRssMb: number; counts: Record<string, number> } | null;
  /** Planner statistics present when the after-import page was measured. */
  statsAfterImport: Record<string, unknown>[];
  afterImport: LoadResult | null;
  analyzeSeconds: number | null;
  /** PostgreSQL: the manual VACUUM run after the two page measurements, before the rest. */
  vacuumSeconds: number | null;
  afterAnalyze: LoadResult | null;
  /** after-ANALYZE throughput / after-import throughput (the target: at most 1.5). */
  afterImportSlowdown: number | null;
  coldStats: ColdStatsResult[];
  /** Per client count, the `{ __typename }` runs alternated with each operation, merged, in the operations' order. */
  typename: Record<string, LoadResult[]>;
  /** Mean answers per second of the `{ __typename }` runs, per client count. */
  typenamePerSec: Record<string, number>;
  repeatedStats: RepeatedStatsResult[];
  nestedPage: {
    /** Per client count, the hub's runs in order, taking turns with PostGraphile's (see alternateLoads). */
    hub: Record<string, LoadResult[]>;
    postgraphile: Record<string, LoadResult[]> | null;
    /** Hub answers per second over all its runs / PostGraphile's, per client count. */
    ratio: Record<string, number> | null;
    /** Whether both served the same 100 respondents, households and children. */
    samePage: boolean | null;
    postgraphilePeakRssMb: number | null;
    /**
     * PostgreSQL: per client count, the runs of the hub's own statements for the page sent raw
     * through node-pg (raw-statements.ts), taking turns with the hub and PostGraphile; their CPU
     * per answer is the benchmark process's (node-pg's side) and PostgreSQL's.
     */
    raw?: Record<string, LoadResult[]> | null;
    /** Hub answers per second / the raw statements' (the physical limit), per client count. */
    rawRatio?: Record<string, number> | null;
    /** The statements the hub sent for the page (BEGIN, the page statement, COMMIT). */
    statements?: string[] | null;
    /**
     * PostgreSQL: per client count, the runs of the framework's ceiling for the page (Apollo
     * Server 5, Express 5 and graphql-js serving the hub's page from memory; page-ceiling-server.ts).
     */
    ceiling?: Record<string, LoadResult[]> | null;
    /** The ceiling's answers per second / PostGraphile's, per client count. */
    ceilingRatio?: Record<string, number> | null;
  } | null;
  hubRss: { peakMb: number; byPhaseMb: Record<string, number> };
  problems: string[];
}
