import { Command } from 'commander';
import { loadConfig } from '../config/config';
import { openHubDatabase } from '../provisioning/hub-database';
import { createPartnerKey, listPartnerKeys, PartnerKeyError, PartnerKeyInfo, revokePartnerKey } from '../modules/partner-key/partner-key.store';
import type { CliIo } from './cli-io';

/** The CLI's exit codes as they apply to keys: 0 done, 1 no such key, 2 usage error. */
const KEYS_EXIT = { ok: 0, notFound: 1, usage: 2 } as const;

/** A timestamp for people: UTC to the second, `-` for never. */
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 19).replace('T', ' ')}Z` : '-');

const asJson = (k: PartnerKeyInfo) => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
}

/**
 * `dtm-hub keys create|list|revoke`: partner keys stored as hashes in the database, so keys are
 * issued and revoked without restarting the hub. `setCode` receives the exit code.
 */
export function registerKeysCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const keys = program.command('keys').description('Manage partner keys (row-level access): create, list, revoke.');

  // Runs one keys action on the configured database; operator mistakes end with their exit code.
  const withDatabase = async (action: (ds: Awaited<ReturnType<typeof openHubDatabase>>) => Promise<void>) => {
    const ds = await openHubDatabase(loadConfig(io.env));
    try {
      await action(ds);
    } catch (e) {
      if (!(e instanceof PartnerKeyError)) throw e;
      io.stderr.write(`error: ${e.message}\n`);
      setCode(e.kind === 'usage' ? KEYS_EXIT.usage : KEYS_EXIT.notFound);
    } finally {
      await ds.destroy();
    }
  };

  keys
    .command('create')
    .description('Create a key for a partner and print it once; only its hash is stored.')
    .requiredOption('--name <partner>', 'who holds the key, e.g. "UNHCR Peru dashboard"')
    .option('--json', 'print {id, name, createdAt, key} as JSON on stdout')
    .action(async (opts: { name: string; json?: boolean }) =>
      withDatabase(async (ds) => {
        const created = await createPartnerKey(ds, opts.name);
        if (opts.json) {
          io.stdout.write(`${JSON.stringify({ ...asJson(created), key: created.key }, null, 2)}\n`);
        } else {
          io.stdout.write(`Created partner key ${created.id} for "${created.name}".\n${created.key}\n`);
        }
        io.stderr.write('The key is shown only this once: give it to the partner now. The hub keeps only its SHA-256 hash.\n');
        setCode(KEYS_EXIT.ok);
      }),
    );

  keys
    .command('list')
    .description('List partner keys (id, name, created, last used, revoked); never the keys themselves.')
    .option('--json', 'print the keys as a JSON array on stdout')
    .action(async (opts: { json?: boolean }) =>
      withDatabase(async (ds) => {
        const all = await listPartnerKeys(ds);
        if (opts.json) {
          io.stdout.write(`${JSON.stringify(all.map(asJson), null, 2)}\n`);
        } else if (all.length === 0) {
          io.stdout.write('No partner keys in the database (keys in PARTNER_KEYS are not listed).\n');
        } else {
          const header = ['ID', 'NAME', 'CREATED', 'LAST USED', 'REVOKED'];
          io.stdout.write(table([header, ...all.map((k) => [k.id, k.name, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]));
        }
        setCode(KEYS_EXIT.ok);
      }),
    );

  keys
    .command('revoke')
    .description('Revoke a key by id, or the one active key of a partner by name; effective from the next request.')
    .argument('<id-or-name>', 'a key id (key_...) or a partner name')
    .action(async (idOrName: string) =>
      withDatabase(async (ds) => {
        const revoked = await revokePartnerKey(ds, idOrName);
        io.stdout.write(
          revoked.alreadyRevoked
            ? `Partner key ${revoked.id} ("${revoked.name}") was already revoked on ${when(revoked.revokedAt)}.\n`
            : `Revoked partner key ${revoked.id} ("${revoked.name}"); requests with it are refused from now on.\n`,
        );
        setCode(KEYS_EXIT.ok);
      }),
    );
}
