/**
 * How every failed call is shown: the API's own message and the request id to quote, in a
 * Fluent MessageBar announced to screen readers (role="alert").
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { GraphError } from '../api/graph.ts';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ApiErrorBar({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const graph = error instanceof GraphError ? error : undefined;
  return (
    <MessageBar intent="error" role="alert" layout="multiline" data-testid="api-error">
      <MessageBarBody>
        <MessageBarTitle>{graph ? graph.code : 'Something went wrong'}</MessageBarTitle>
        {errorText(error)}
        {graph && graph.details.length > 0 && (
          <ul data-testid="api-error-details">
            {graph.details.map((d, i) => <li key={i}>{d.target ? <><code>{d.target}</code>: </> : null}{d.message}</li>)}
          </ul>
        )}
        {graph?.requestId && (
          <Text as="p" size={200} block>
            Request ID: <code>{graph.requestId}</code>
            {graph.clientRequestId !== graph.requestId && <> · Client request ID: <code>{graph.clientRequestId}</code></>}
            {graph.date && <> · {graph.date}Z</>}
          </Text>
        )}
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<DismissRegular />} onClick={onDismiss} />} />
      )}
    </MessageBar>
  );
}
