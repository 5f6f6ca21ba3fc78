/**
 * One audit entry: the activity, who initiated it (a user or an app), its targets, and each
 * target's modified properties with the old and new value side by side (Graph gives them as JSON
 * text: shown pretty-printed).
 */
import { Badge, Body1, Spinner, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useGraphQuery } from '../../api/queries.ts';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { prettyValue, type DirectoryAudit, type TargetResource } from './audit.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  value: {
    margin: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere',
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingVerticalXS, borderRadius: tokens.borderRadiusMedium, maxHeight: '16rem', overflowY: 'auto',
  },
  property: { verticalAlign: 'top', width: '20%', fontWeight: tokens.fontWeightSemibold },
  cell: { verticalAlign: 'top', width: '40%' },
});

export function AuditPane({ auditId, onClose }: { auditId: string; onClose: () => void }) {
  const styles = useStyles();
  const audit = useGraphQuery<DirectoryAudit>(`/auditLogs/directoryAudits/${encodeURIComponent(auditId)}`);
  const a = audit.data;
  return (
    <DetailPane open onClose={onClose} label="Audit log details" title={a ? a.activityDisplayName : 'Audit log entry'}>
      {audit.error && <ApiErrorBar error={audit.error} />}
      {audit.isPending && <Spinner label="Loading audit entry…" />}
      {a && (
        <div className={styles.panel}>
          <Properties items={[
            ['Date', <DateTime key="d" value={a.activityDateTime} />],
            ['Activity', a.activityDisplayName],
            ['Category', a.category],
            ['Result', a.result === 'success' ? <Badge key="r" appearance="tint" color="success">Success</Badge> : <Badge key="r" appearance="tint" color="danger">Failure</Badge>],
            ['Result reason', a.resultReason],
            ['Operation type', a.operationType],
            ['Service', a.loggedByService],
            ['Correlation ID', <code key="c">{a.correlationId}</code>],
            ['Audit ID', <code key="i">{a.id}</code>],
          ]} />
          <section aria-label="Initiated by">
            <Subtitle2 as="h2">Initiated by</Subtitle2>
            {a.initiatedBy?.user && (
              <Properties items={[
                ['User', a.initiatedBy.user.displayName],
                ['User principal name', a.initiatedBy.user.userPrincipalName],
                ['Object ID', <code key="u">{a.initiatedBy.user.id}</code>],
                ['IP address', a.initiatedBy.user.ipAddress],
              ]} />
            )}
            {a.initiatedBy?.app && (
              <Properties items={[
                ['Application', a.initiatedBy.app.displayName],
                ['Application ID', <code key="a">{a.initiatedBy.app.appId}</code>],
                ['Service principal ID', <code key="s">{a.initiatedBy.app.servicePrincipalId}</code>],
                ['Service principal name', a.initiatedBy.app.servicePrincipalName],
              ]} />
            )}
            {!a.initiatedBy?.user && !a.initiatedBy?.app && <Body1>Limen itself.</Body1>}
          </section>
          {(a.targetResources ?? []).map((t, i) => <Target key={`${t.id}-${i}`} target={t} />)}
          {(a.additionalDetails ?? []).length > 0 && (
            <section aria-label="Additional details">
              <Subtitle2 as="h2">Additional details</Subtitle2>
              <Properties items={a.additionalDetails.map((d) => [d.key, d.value])} />
            </section>
          )}
        </div>
      )}
    </DetailPane>
  );
}

function Target({ target: t }: { target: TargetResource }) {
  const styles = useStyles();
  const name = t.displayName ?? t.userPrincipalName ?? t.id;
  return (
    <section aria-label={`Target ${name}`}>
      <Subtitle2 as="h2">Target: {name}</Subtitle2>
      <Properties items={[
        ['Type', t.type],
        ['Display name', t.displayName],
        ['User principal name', t.userPrincipalName],
        ['Group type', t.groupType],
        ['Object ID', <code key="t">{t.id}</code>],
      ]} />
      {(t.modifiedProperties ?? []).length === 0
        ? <Body1>No modified property recorded.</Body1>
        : (
          <Table aria-label={`Modified properties of ${name}`} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Property</TableHeaderCell>
                <TableHeaderCell>Old value</TableHeaderCell>
                <TableHeaderCell>New value</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {/* A long value scrolls: focusable, so the keyboard can scroll it (WCAG 2.1.1). */}
              {t.modifiedProperties.map((p, i) => (
                <TableRow key={`${p.displayName}-${i}`}>
                  <TableCell className={styles.property}>{p.displayName}</TableCell>
                  <TableCell className={styles.cell}><pre className={styles.value} data-testid="old-value" tabIndex={0}>{prettyValue(p.oldValue)}</pre></TableCell>
                  <TableCell className={styles.cell}><pre className={styles.value} data-testid="new-value" tabIndex={0}>{prettyValue(p.newValue)}</pre></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
    </section>
  );
}
