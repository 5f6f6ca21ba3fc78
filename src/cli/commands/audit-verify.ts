import { loadConfig } from '../../config/index.ts';
import { verifyAuditChain } from '../../logs/index.ts';
import { openStore } from '../../store/index.ts';
import { exitCodes, printJson } from '../output.ts';

/**
 * `limen audit verify`: recomputes the audit log's hash chain from the database. Exit code 5 when
 * any record was edited, deleted or reordered.
 */
export async function auditVerify(options: { json?: boolean }): Promise<number> {
  const config = loadConfig();
  const store = openStore(config);
  try {
    await store.migrate();
    const report = await verifyAuditChain(store.db, {
      onProgress: options.json || !process.stderr.isTTY ? undefined : (checked: number) => {
        process.stderr.write(`\rchecked ${checked} records…`);
      },
    });
    if (!options.json && process.stderr.isTTY) process.stderr.write('\r');
    if (options.json) printJson(report);
    else if (report.ok) process.stdout.write(`Audit log intact: ${report.checked} records verified.\n`);
    else {
      process.stdout.write(`Audit log TAMPERED: ${report.problems.length} problem(s) in ${report.checked} records\n`);
      for (const p of report.problems) process.stdout.write(`  ${JSON.stringify(p)}\n`);
    }
    return report.ok ? exitCodes.ok : exitCodes.checkFailed;
  } finally {
    await store.close();
  }
}
