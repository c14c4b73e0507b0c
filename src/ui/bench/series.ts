// The latency series the charts draw, and one colour per configuration, the same in every chart and
// table of a result.
const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#1098ad', '#5c940d', '#e67700'];

export interface LatencySeries {
  key: string;
  label: string;
  samplesMs: readonly number[];
}

export function seriesColor(index: number): string {
  return COLORS[index % COLORS.length] ?? '#555';
}
