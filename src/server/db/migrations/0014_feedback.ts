import { statements } from './statements.ts';

/** 投诉 / 建议 / 表扬: taken on the portal, at a terminal or by staff, routed, answered by a deadline, rated. */
export const feedback = statements([
  `CREATE TABLE feedback (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    kind text NOT NULL CHECK (kind IN ('complaint','suggestion','praise')),
    text text NOT NULL,
    contact text,
    phone text,
    channel text NOT NULL CHECK (channel IN ('portal','terminal','phone','letter','window')),
    department_id text,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','closed')),
    due_date text NOT NULL,
    answer text,
    answered_at timestamptz,
    answered_by text,
    satisfaction text CHECK (satisfaction IN ('satisfied','basically_satisfied','unsatisfied')),
    satisfaction_at timestamptz,
    entered_by text,
    escalated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX feedback_center_idx ON feedback (center_id, created_at DESC)`,
  `CREATE INDEX feedback_open_idx ON feedback (due_date) WHERE answered_at IS NULL`,
]);
