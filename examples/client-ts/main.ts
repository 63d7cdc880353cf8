// Pages through the respondents of a round with a partner key and prints a table by survey point
// and sex, beside the hub's own respondentStats. Run it with `npm run example:client` while the
// hub runs (`PARTNER_KEYS=local-partner-key-0001 npm start`):
//   PARTNER_KEY=local-partner-key-0001 npm run example:client
// Settings: DTM_HUB_URL (default http://localhost:4000/graphql), COUNTRY (PER), ROUND (4).
import { createHubClient } from './hub-client';
import { formatTable, respondentTable } from './respondent-table';

async function main(): Promise<void> {
  const partnerKey = process.env.PARTNER_KEY;
  if (!partnerKey) {
    console.error('Set PARTNER_KEY to one of the hub\'s PARTNER_KEYS: respondents are row-level data.');
    process.exitCode = 2;
    return;
  }
  const request = createHubClient({ url: process.env.DTM_HUB_URL ?? 'http://localhost:4000/graphql', partnerKey });
  const country = process.env.COUNTRY ?? 'PER';
  const round = Number(process.env.ROUND ?? '4');
  console.log(`Respondents of ${country} round ${round}\n`);
  console.log(formatTable(await respondentTable(request, country, round)));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
