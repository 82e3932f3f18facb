import { useState, type FormEvent } from 'react';
import { formatFee, formatForm, formatLimit, formatVisits, type ItemGuide, type ItemSummary } from '../catalog/catalog';
import { QrCode } from '../catalog/PublicParts';
import type { DeviceSession } from '../device/device';
import { api, errorMessage } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { PersonalCodeScan } from './CertificatePanel';
import type { OfferedItems } from './terminal';

interface Applied {
  caseNo: string;
  itemName: string;
  statusLabel: string;
  applicantName: string;
}

/** 终端申报: the person shows their personal code; materials come from their e-licences. */
function ApplyHere({ session, item }: { session: DeviceSession; item: ItemGuide }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [applied, setApplied] = useState<Applied>();
  const apply = async (personalCode: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      setApplied(await session.call<Applied>('POST', '/api/v1/terminals/applications', { body: { personalCode, itemId: item.id } }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  if (applied) {
    return (
      <div className="kiosk-ticket" data-testid="apply-done">
        <div className="terminal-title">申报成功</div>
        <div>
          办件编号：<b data-testid="apply-case-no">{applied.caseNo}</b>
        </div>
        <div>
          申请人 {applied.applicantName} · {applied.statusLabel}
        </div>
        <div className="terminal-hint">请记下办件编号，可凭编号和证件号码后六位在「办件查询」中查看进度。</div>
      </div>
    );
  }
  return <PersonalCodeScan busy={busy} failure={failure} onCode={(code) => void apply(code)} />;
}

/** The guide of one item in large type: what to bring, how long it takes, what it costs. */
function GuideShown({ session, id, onBack }: { session: DeviceSession; id: string; onBack: () => void }) {
  const [applying, setApplying] = useState(false);
  const guide = useAsync((signal) => api.get<ItemGuide>(`/api/v1/items/${id}`, undefined, signal), [id]);
  const g = guide.data;
  if (guide.error) return <div className="kiosk-error">{errorMessage(guide.error)}</div>;
  if (!g) return <div className="terminal-hint">正在加载办事指南…</div>;
  return (
    <div className="terminal-card" data-testid="terminal-guide-shown">
      <div className="terminal-title">{g.name}</div>
      <dl className="terminal-facts">
        <dt>实施部门</dt>
        <dd>{g.department.name}</dd>
        <dt>办结时限</dt>
        <dd>{formatLimit(g)}</dd>
        <dt>到现场次数</dt>
        <dd>{formatVisits(g.visitsRequired)}</dd>
        <dt>收费</dt>
        <dd>{formatFee(g.feeFen)}</dd>
        {g.consultPhone && (
          <>
            <dt>咨询电话</dt>
            <dd>{g.consultPhone}</dd>
          </>
        )}
      </dl>
      {g.conditions && (
        <>
          <div className="terminal-subtitle">受理条件</div>
          <div className="terminal-text">{g.conditions}</div>
        </>
      )}
      <div className="terminal-subtitle">申请材料</div>
      {g.materials.length ? (
        <ol className="terminal-steps">
          {g.materials.map((m) => (
            <li key={m.id}>
              {m.name}（{formatForm(m)}）{!m.required && '（非必需）'}
            </li>
          ))}
        </ol>
      ) : (
        <div className="terminal-text">无需提交材料</div>
      )}
      {g.process && (
        <>
          <div className="terminal-subtitle">办理流程</div>
          <div className="terminal-text">{g.process}</div>
        </>
      )}
      <QrCode text={`${window.location.origin}/items/${g.id}`} size={200} caption="手机扫码，带走这份指南" />
      {g.terminal && (applying ? <ApplyHere session={session} item={g} /> : (
        <button type="button" className="kiosk-button" onClick={() => setApplying(true)} data-testid="apply-here">
          在本终端申报
        </button>
      ))}
      <button type="button" className="kiosk-button secondary" onClick={onBack}>
        返回事项列表
      </button>
    </div>
  );
}

/** 事项指南: the items of this center a terminal can do (catalogue flag 自助终端办理), searchable. */
export function GuidePanel({ session }: { session: DeviceSession }) {
  const centerId = session.center.id;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<string>();
  const items = useAsync(
    async (signal) => {
      const [found, { itemIds }] = await Promise.all([
        api.get<{ items: ItemSummary[]; total: number }>('/api/v1/items', { centerId, terminal: true, q: query || undefined, pageSize: 200 }, signal),
        session.call<OfferedItems>('GET', `/api/v1/terminals/${session.device.id}/items`, { signal }),
      ]);
      if (!itemIds) return found;
      // A terminal its manager narrowed offers only its own list.
      const offered = found.items.filter((item) => itemIds.includes(item.id));
      return { items: offered, total: offered.length };
    },
    [centerId, query, session],
  );

  if (shown) return <GuideShown session={session} id={shown} onBack={() => setShown(undefined)} />;
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(text.trim());
  };
  return (
    <>
      <form className="kiosk-search" onSubmit={search}>
        <input value={text} onChange={(event) => setText(event.target.value)} placeholder="输入事项名称，如「社保」「证明」" aria-label="搜索事项" data-testid="guide-search" />
        <button type="submit" className="kiosk-button">
          搜索
        </button>
      </form>
      <div className="terminal-title">本终端可办事项{items.data ? `（${items.data.total} 项）` : ''}</div>
      {items.error !== undefined && <div className="kiosk-error">{errorMessage(items.error)}</div>}
      {!items.data && !items.error && <div className="terminal-hint">正在加载…</div>}
      {items.data && items.data.items.length === 0 && <div className="terminal-hint">{query ? `没有找到与「${query}」相关的终端可办事项。` : '本中心暂未配置可在自助终端办理的事项。'}请咨询导办人员。</div>}
      <div className="kiosk-results" data-testid="guide-items">
        {items.data?.items.map((item) => (
          <button key={item.id} type="button" className="kiosk-result" onClick={() => setShown(item.id)}>
            <span>{item.name}</span>
            <span style={{ color: '#595959', whiteSpace: 'nowrap' }}>{item.department.name} ›</span>
          </button>
        ))}
      </div>
    </>
  );
}
