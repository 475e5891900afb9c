import * as echarts from 'echarts';
import type { StatsGroup, StatsGroupBy } from '../stats/stats.service';

/** The charts of the statistics page: one per grouping, each with the turnover, the count and the area. */
export const CHART_NAMES: readonly StatsGroupBy[] = ['township', 'category', 'month'];

export const CHART_TITLES: Readonly<Record<StatsGroupBy, string>> = {
  township: '按乡镇',
  category: '按交易品种',
  month: '按月份',
};

const WIDTH = 720;
const PANEL_HEIGHT = 210;
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/** The three measures: the label (with its unit) and the value of a group in that unit. */
const MEASURES: { name: string; color: string; value: (g: StatsGroup) => number }[] = [
  { name: '成交额（万元）', color: '#166534', value: (g) => g.turnoverFen / 1_000_000 },
  { name: '成交宗数', color: '#0b5cad', value: (g) => g.dealCount },
  { name: '流转面积（亩）', color: '#b45309', value: (g) => g.areaMu },
];

/**
 * A grouping's figures as an SVG image (Apache ECharts rendered on the server: no script in the browser): three
 * stacked bar panels sharing the groups' labels. The same numbers are in the table below the image on the page.
 */
export function statsChartSvg(groupBy: StatsGroupBy, groups: StatsGroup[], year: string): string {
  const labels = groups.map((g) => (groupBy === 'month' ? `${Number(g.key.slice(5))}月` : g.label));
  const rotate = groupBy === 'month' || labels.length <= 6 ? 0 : 30;
  const top = 40;
  const height = top + MEASURES.length * PANEL_HEIGHT + (rotate ? 40 : 10);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      title: {
        text: `${year}年成交统计（${CHART_TITLES[groupBy]}）`,
        subtext: groups.length === 0 ? '暂无成交' : undefined,
        left: 'center',
        textStyle: { fontSize: 16, fontFamily: FONT },
      },
      grid: MEASURES.map((_, i) => ({
        left: 70,
        right: 20,
        top: top + i * PANEL_HEIGHT + 30,
        height: PANEL_HEIGHT - 70,
      })),
      xAxis: MEASURES.map((_, i) => ({
        type: 'category',
        gridIndex: i,
        data: labels,
        axisLabel: { interval: 0, rotate, fontSize: 11, fontFamily: FONT },
      })),
      yAxis: MEASURES.map((m, i) => ({
        type: 'value',
        gridIndex: i,
        name: m.name,
        nameTextStyle: { align: 'left', fontFamily: FONT },
        minInterval: i === 1 ? 1 : undefined,
        axisLabel: { fontSize: 11 },
      })),
      series: MEASURES.map((m, i) => ({
        type: 'bar',
        name: m.name,
        xAxisIndex: i,
        yAxisIndex: i,
        itemStyle: { color: m.color },
        barMaxWidth: 36,
        label: { show: groups.length <= 12, position: 'top', fontSize: 10 },
        data: groups.map((g) => Math.round(m.value(g) * 100) / 100),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The twelve months of `year` (`2026-01` ... `2026-12`), each with its figures or zeros. */
export function allMonths(year: string, groups: StatsGroup[]): StatsGroup[] {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  return Array.from({ length: 12 }, (_, i) => {
    const key = `${year}-${String(i + 1).padStart(2, '0')}`;
    return (
      byKey.get(key) ?? {
        key,
        label: key,
        dealCount: 0,
        turnoverFen: 0,
        areaMu: 0,
        reserveFen: 0,
        premiumFen: 0,
        premiumRate: 0,
        failedCount: 0,
        failureRate: 0,
      }
    );
  });
}
