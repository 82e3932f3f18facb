import { Flex, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';

/** 大字 and 高对比度 for people who read with difficulty: classes on <html> that styles.css turns into bigger type and black on white. */
export interface DisplayModes {
  large: boolean;
  contrast: boolean;
}

const storageKey = 'onedoor.display';
const classes: Record<keyof DisplayModes, string> = { large: 'od-large', contrast: 'od-contrast' };

function storedModes(): DisplayModes {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Partial<DisplayModes>;
    return { large: saved.large === true, contrast: saved.contrast === true };
  } catch {
    return { large: false, contrast: false };
  }
}

function apply(modes: DisplayModes): void {
  for (const key of Object.keys(classes) as (keyof DisplayModes)[]) document.documentElement.classList.toggle(classes[key], modes[key]);
}

/** Before the first render, so a page never flashes in the small pale type its reader turned off. */
export const applyStoredDisplayModes = (): void => apply(storedModes());

/** 显示设置 at the foot of every public page: two switches, remembered on this device (in the flow, so it covers nothing). */
export function DisplayModeBar() {
  // Read after the first render, which must match a page the server rendered (it knows no device's settings).
  const [modes, setModes] = useState<DisplayModes>({ large: false, contrast: false });
  useEffect(() => setModes(storedModes()), []);
  const change = (key: keyof DisplayModes, on: boolean) => {
    const next = { ...modes, [key]: on };
    localStorage.setItem(storageKey, JSON.stringify(next));
    apply(next);
    setModes(next);
  };
  return (
    <footer className="display-modes" aria-label="显示设置">
      <Flex justify="center" align="center" gap={24} wrap>
        <label className="display-mode">
          <Typography.Text>大字模式</Typography.Text>
          <Switch checked={modes.large} onChange={(on) => change('large', on)} aria-label="大字模式" />
        </label>
        <label className="display-mode">
          <Typography.Text>高对比度</Typography.Text>
          <Switch checked={modes.contrast} onChange={(on) => change('contrast', on)} aria-label="高对比度" />
        </label>
      </Flex>
    </footer>
  );
}
