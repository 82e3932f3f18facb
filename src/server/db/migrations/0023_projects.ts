import { statements } from './statements.ts';

/**
 * 一本总账: investment projects through their eight stages, the cases of each stage, and per stage the
 * catalogue items it needs (工程建设项目审批, items.csv codes) and its norm in working days, both editable.
 */
export const projects = statements([
  `CREATE TABLE projects (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    owner_credit_code text NOT NULL,
    owner_name text NOT NULL,
    location text NOT NULL,
    center_id text NOT NULL REFERENCES centers(id),
    stage text NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX projects_center_idx ON projects (center_id, stage)`,
  `CREATE INDEX projects_owner_idx ON projects (owner_credit_code)`,
  `CREATE TABLE project_stage_visits (
    id text PRIMARY KEY,
    project_id text NOT NULL REFERENCES projects(id),
    stage text NOT NULL,
    entered_at timestamptz NOT NULL,
    entered_by text,
    left_at timestamptz,
    left_by text,
    override_reason text
  )`,
  `CREATE INDEX project_stage_visits_project_idx ON project_stage_visits (project_id, entered_at)`,
  `CREATE TABLE project_cases (
    case_id text PRIMARY KEY,
    project_id text NOT NULL REFERENCES projects(id),
    stage text NOT NULL,
    case_no text NOT NULL,
    linked_by text,
    linked_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX project_cases_project_idx ON project_cases (project_id, stage)`,
  `CREATE TABLE project_stage_settings (
    stage text PRIMARY KEY,
    norm_days integer CHECK (norm_days > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO project_stage_settings (stage, norm_days) VALUES
    ('attract', 60), ('approval', 5), ('land', 20), ('planning', 20), ('construction', 10), ('completion', 15), ('registration', 5), ('production', NULL)`,
  `CREATE TABLE project_stage_items (
    stage text NOT NULL REFERENCES project_stage_settings(stage),
    item_code text NOT NULL,
    item_name text NOT NULL,
    sort integer NOT NULL DEFAULT 0,
    PRIMARY KEY (stage, item_code)
  )`,
  `INSERT INTO project_stage_items (stage, item_code, item_name, sort) VALUES
    ('approval', 'GD-0117', '企业投资项目备案', 1),
    ('land', 'GD-0103', '建设项目用地预审与选址意见书核发', 1),
    ('land', 'GD-0101', '建设用地规划许可证核发', 2),
    ('planning', 'GD-0102', '建设工程规划许可证核发', 1),
    ('planning', 'GD-0108', '建设工程消防设计审查', 2),
    ('construction', 'GD-0106', '建筑工程施工许可证核发', 1),
    ('completion', 'GD-0105', '建设工程规划条件核实', 1),
    ('completion', 'GD-0109', '建设工程消防验收', 2),
    ('completion', 'GD-0107', '房屋建筑和市政基础设施工程竣工验收备案', 3),
    ('registration', 'GD-0092', '不动产首次登记', 1)`,
]);
