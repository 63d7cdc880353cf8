import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { registerPrompt } from './register';
import { STATS_TOOL } from './stats-tool';

export const ANSWER_PROMPT = 'answer-with-dtm-data';

/** The tool that says what data exists: `coverage` once an operation file is marked so, else `rounds`. */
function coverageTool(tools: readonly string[]): string {
  return ['coverage', 'rounds'].find((t) => tools.includes(t)) ?? tools[0] ?? STATS_TOOL;
}

/**
 * The instructions a model should follow before answering with this hub's figures. The lesson
 * of the HDX HAPI MCP server: a model that does not first check what data exists invents totals.
 */
export function answerPromptText(tools: readonly string[], question?: string): string {
  const coverage = coverageTool(tools);
  return [
    'You answer with figures from the IOM DTM flow-monitoring hub (Venezuelan refugees and migrants). Follow these steps.',
    `1. First call \`${coverage}\` to learn which countries, rounds and data exist. If what the question needs is not there, say so; never estimate it.`,
    `2. Take each number from a tool answer (\`${STATS_TOOL}\` for counts and shares, the other tools for rounds, published figures and flow statistics); never compute a figure the tools did not give, and never invent a total.`,
    '3. Report the caveats with the numbers: the data kind of each round (SYNTHETIC_CALIBRATED rows are not interviews and support no individual-level inference), the base of each share and its 95% interval, and the disclosure control (public counts are perturbed, small groups are not listed).',
    '4. Never add up figures of different rounds, survey points or operations whose periods or populations overlap, nor the groups of a multi-select question; say which figure answers the question instead.',
    '5. When a tool answers an error (refused, too costly, rate-limited, BLOCKED by disclosure control), tell the user why and what the error suggests; do not work around it.',
    '6. Cite the source of published figures and flow statistics (sourceUrl). Answer in the language of the question; the stats tool takes language "es" for Spanish labels.',
    ...(question ? ['', `Question: ${question}`] : []),
  ].join('\n');
}

export function registerAnswerPrompt(server: McpServer, tools: readonly string[]): void {
  registerPrompt(
    server,
    ANSWER_PROMPT,
    {
      title: 'Answer with DTM data',
      description: 'How to answer a question with this hub: check coverage first, report caveats, never sum overlapping figures.',
      argsSchema: { question: z.string().max(2000).optional().describe('The question to answer.') },
    },
    (args) => ({ messages: [{ role: 'user', content: { type: 'text', text: answerPromptText(tools, args.question) } }] }),
  );
}
