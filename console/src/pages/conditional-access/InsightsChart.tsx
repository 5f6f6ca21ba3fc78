/** A report-only policy's impact as a stacked bar per breakdown row (its own chunk, as the Overview's chart). */
import { VerticalStackedBarChart, type VerticalStackedChartProps } from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { InsightRow } from './Insights.tsx';


export default function InsightsChart({ rows, title }: { rows: InsightRow[]; title: string }) {
  const data: VerticalStackedChartProps[] = rows.map((r) => ({
    xAxisPoint: r.name || r.key,
    chartData: [
      { legend: 'Success', data: r.success, color: tokens.colorPaletteGreenBackground3 },
      { legend: 'Failure', data: r.failure, color: tokens.colorPaletteRedBackground3 },
      { legend: 'User action required', data: r.userActionRequired, color: tokens.colorPaletteMarigoldBackground3 },
      { legend: 'Not applied', data: r.notApplied, color: tokens.colorNeutralBackground5 },
    ],
  }));
  return <VerticalStackedBarChart data={data} height={240} barWidth="auto" maxBarWidth={48} chartTitle={title} />;
}
