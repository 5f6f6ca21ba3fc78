/** Named locations: IP ranges and countries that policies name (read-only here for now). */
import { Badge } from '@fluentui/react-components';
import type { Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { SimpleTable } from '../../components/SimpleTable.tsx';

interface NamedLocation {
  '@odata.type': string; id: string; displayName: string; isTrusted?: boolean;
  ipRanges?: Array<{ cidrAddress: string }>; countriesAndRegions?: string[]; includeUnknownCountriesAndRegions?: boolean;
}

export function NamedLocations() {
  const locations = useGraphQuery<Collection<NamedLocation>>('/identity/conditionalAccess/namedLocations');
  return (
    <SimpleTable
      label="Named locations"
      headers={['Name', 'Type', 'Ranges or countries', 'Trusted']}
      query={locations}
      empty="No named locations. Import them with the policies, or create them through the API."
      rows={(locations.data?.value ?? []).map((l) => {
        const ip = l['@odata.type'].includes('ipNamedLocation');
        return {
          id: l.id,
          cells: [
            l.displayName,
            ip ? 'IP ranges' : 'Countries',
            ip ? (l.ipRanges ?? []).map((r) => r.cidrAddress).join(', ') : [...(l.countriesAndRegions ?? []), ...(l.includeUnknownCountriesAndRegions ? ['unknown'] : [])].join(', '),
            l.isTrusted ? <Badge appearance="tint" color="success">Trusted</Badge> : '',
          ],
        };
      })}
    />
  );
}
