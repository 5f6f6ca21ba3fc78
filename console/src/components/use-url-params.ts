import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in the URL (so a filtered list can be bookmarked and shared): the current
 * parameters, and a setter that replaces one (an empty value removes it) without a history entry.
 */
export function useUrlParams(): [URLSearchParams, (name: string, value: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return [params, setParam];
}
