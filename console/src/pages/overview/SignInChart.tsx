/** Sign-ins per day as a stacked bar chart (Fluent UI React Charts, d3 inside): its own chunk. */
import { VerticalStackedBarChart, type VerticalStackedChartProps } from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { DayCount } from './OverviewPage.tsx';

export default function SignInChart({ data }: { data: DayCount[] }) {
  const chartData: VerticalStackedChartProps[] = data.map((d) => ({
    xAxisPoint: d.day,
    chartData: [
      { legend: 'Success', data: d.success, color: tokens.colorPaletteGreenBackground3 },
      { legend: 'Failure', data: d.failure, color: tokens.colorPaletteRedBackground3 },
    ],
  }));
  return (
    <VerticalStackedBarChart
      data={chartData}
      height={260}
      barWidth="auto"
      maxBarWidth={48}
      chartTitle="Sign-ins per day, successful and failed"
    />
  );
}
