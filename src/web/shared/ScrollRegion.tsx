import type { ReactNode } from 'react';

/**
 * A wide table on a phone scrolls sideways inside this region, which a keyboard can reach and a screen
 * reader names (axe's scrollable-region-focusable); the table itself is then given no scroll of its own.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
