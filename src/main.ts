import { loadConfig, loadDotEnv } from './config/config';
import { answerCommandLine } from './server/command-line';

/**
 * Answer --help, --version or a refused argument; load the settings (.env, then the environment);
 * start the hub (server/start-hub.ts: database, seed, schema, serve). The hub's ~2,000 modules
 * are loaded only to start, so that `--version`, `--help` and a bad setting answer in a tenth of a
 * second rather than in seconds.
 */
async function main(): Promise<void> {
  const answer = answerCommandLine(process.argv.slice(2));
  if (answer) {
    process.stdout.write(answer.out ?? '');
    process.stderr.write(answer.err ?? '');
    process.exitCode = answer.code;
    return;
  }
  loadDotEnv();
  const config = loadConfig();
  const { startHub } = await import('./server/start-hub');
  await startHub(config);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
