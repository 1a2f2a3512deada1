// A React wrapper of one ECharts instance, built from echarts/core with only the parts the dashboard uses.
import { useEffect, useRef } from 'react';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** An option, or one built for the chart's width (rebuilt when the width changes). */
export type ChartSpec = ChartOption | ((width: number) => ChartOption);

export interface EChartProps {
  option: ChartSpec;
  height?: number;
  onClick?: (p: { name: string; dataIndex: number; seriesName?: string }) => void;
  testId?: string;
}

export function EChart({ option, height = 280, onClick, testId }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  const builtFor = useRef(-1);

  const apply = () => {
    const c = chart.current;
    const spec = optionRef.current;
    if (!c) return;
    const width = host.current?.clientWidth ?? 0;
    builtFor.current = width;
    c.setOption(typeof spec === 'function' ? spec(width) : spec, { notMerge: true });
  };

  useEffect(() => {
    const c = init(host.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) =>
      clickRef.current?.(p as unknown as { name: string; dataIndex: number; seriesName?: string }),
    );
    const ro = new ResizeObserver(() => {
      c.resize();
      // width-dependent options (axis label layout) are rebuilt for the new width
      if (typeof optionRef.current === 'function' && host.current?.clientWidth !== builtFor.current) apply();
    });
    ro.observe(host.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(apply, [option]);

  return <div ref={host} className="chart" style={{ height }} data-testid={testId} />;
}
