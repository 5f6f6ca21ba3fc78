import { Badge } from '@fluentui/react-components';
import { statusOf, type SignIn } from './sign-in.ts';

export function StatusBadge({ signIn }: { signIn: Pick<SignIn, 'status'> }) {
  const status = statusOf(signIn);
  const color = status === 'Success' ? 'success' : status === 'Failure' ? 'danger' : 'warning';
  return <Badge appearance="tint" color={color}>{status}</Badge>;
}

export function CaBadge({ status }: { status: SignIn['conditionalAccessStatus'] }) {
  if (status === 'success') return <Badge appearance="tint" color="success">Success</Badge>;
  if (status === 'failure') return <Badge appearance="tint" color="danger">Failure</Badge>;
  return <Badge appearance="tint" color="informative">Not applied</Badge>;
}
