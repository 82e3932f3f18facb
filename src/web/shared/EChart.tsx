import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { useEffect, useRef, type CSSProperties } from 'react';

// Only the charts and components the screens draw, so the rest of ECharts is left out of the build.
use([LineChart, BarChart, PieChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/**
 * An ECharts chart on a div: created once, given each new option (replacing the previous one, so a
 * series that went away does not linger), resized with its box, disposed with the component.
 */
export function EChart({ option, style, theme, testId, onItemClick }: { option: ChartOption; style?: CSSProperties; theme?: 'dark'; testId?: string; onItemClick?(item: { seriesIndex: number; dataIndex: number }): void }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType>(undefined);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, theme, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, theme]);

  return <div ref={box} data-testid={testId} style={{ width: '100%', height: 300, ...style }} />;
}
